// Loading and not-found states of the start and request pages, drawn inside the app shell.
import Link from "next/link";

export function PageSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label} className="flex animate-pulse flex-col gap-6" data-testid="page-skeleton">
      <div className="h-4 w-40 rounded bg-slate-200" />
      <div className="h-8 w-72 max-w-full rounded bg-slate-200" />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          <div className="h-72 rounded-xl bg-slate-200 sm:h-96" />
          <div className="h-32 rounded-xl bg-slate-200" />
        </div>
        <div className="h-64 rounded-xl bg-slate-200" />
      </div>
      <span className="sr-only">{label}</span>
    </div>
  );
}

export function NotFoundPanel({ title, children, href, linkText }: { title: string; children: React.ReactNode; href: string; linkText: string }) {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-slate-200 bg-white px-6 py-12 text-center shadow-sm">
      <p className="text-sm font-semibold text-slate-500">404 · Not found</p>
      <h1 className="mt-2 text-xl font-semibold text-slate-900">{title}</h1>
      <div className="mt-2 text-sm text-slate-600">{children}</div>
      <Link href={href} className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">{linkText}</Link>
    </div>
  );
}
