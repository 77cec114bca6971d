export default function Loading() {
  return (
    <div role="status" aria-label="Loading your inbox…" className="flex animate-pulse flex-col gap-4" data-testid="page-skeleton">
      <div className="h-8 w-40 rounded bg-slate-200" />
      <div className="h-10 w-full max-w-xl rounded bg-slate-200" />
      <div className="h-16 rounded-xl bg-slate-200" />
      {[0, 1, 2, 3, 4].map((i) => <div key={i} className="h-14 rounded-xl bg-slate-200" />)}
      <span className="sr-only">Loading your inbox…</span>
    </div>
  );
}
