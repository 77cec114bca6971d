// The inbox views as tabs: links (the view is in the URL), each with its count.
import Link from "next/link";

export interface InboxTab {
  view: string;
  label: string;
  count: number | undefined;
  href: string;
}

function shown(n: number | undefined, cap: number): string | null {
  if (n === undefined) return null;
  return n > cap ? `${cap.toLocaleString("en")}+` : String(n);
}

export function InboxTabs({ tabs, current, cap }: { tabs: InboxTab[]; current: string; cap: number }) {
  return (
    <nav aria-label="Inbox views" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-slate-200">
        {tabs.map((t) => {
          const active = t.view === current;
          const n = shown(t.count, cap);
          return (
            <li key={t.view}>
              <Link
                href={t.href}
                aria-current={active ? "page" : undefined}
                data-view={t.view}
                className={`-mb-px inline-flex items-center gap-2 whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium ${
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {t.label}
                {n !== null ? (
                  <span className={`rounded-full px-2 py-0.5 text-xs ${active ? "bg-brand-100 text-brand-700" : "bg-slate-100 text-slate-600"}`}>
                    <span className="sr-only">(</span>{n}<span className="sr-only"> items)</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
