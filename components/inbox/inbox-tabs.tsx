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
    // Pills that wrap on phones (every view in sight, nothing scrolled away); tabs from sm up.
    <nav aria-label="Inbox views" className="relative">
      <ul className="flex flex-wrap gap-1 sm:flex-nowrap sm:overflow-x-auto sm:border-b sm:border-slate-200">
        {tabs.map((t) => {
          const active = t.view === current;
          const n = shown(t.count, cap);
          return (
            <li key={t.view}>
              <Link
                href={t.href}
                aria-current={active ? "page" : undefined}
                data-view={t.view}
                className={`inline-flex items-center gap-2 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium sm:-mb-px sm:rounded-none sm:border-b-2 sm:py-2.5 ${
                  active
                    ? "bg-brand-50 text-brand-700 sm:border-brand-600 sm:bg-transparent"
                    : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 sm:border-transparent sm:hover:border-slate-300 sm:hover:bg-transparent"
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
