// Search, filters and sort of the inbox as a plain GET form: the URL holds the whole state, so a
// filtered view can be bookmarked or shared, and it works before any JavaScript has loaded.
import Link from "next/link";

export interface InboxFilterValues {
  view: string;
  q?: string;
  process?: string;
  pmin?: number;
  pmax?: number;
  overdue?: boolean;
  vars?: string;
  sort?: string;
}

const input = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const label = "block text-xs font-medium text-slate-600";

export function InboxFilters({ values, processes, sorts, active }: { values: InboxFilterValues; processes: { key: string; name: string }[]; sorts: { value: string; label: string }[]; active: boolean }) {
  return (
    <form method="get" action="/inbox" role="search" aria-label="Search and filter tasks" className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
      <input type="hidden" name="view" value={values.view} />
      <div className="flex flex-col gap-3 md:flex-row md:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor="inbox-q" className={label}>Search</label>
          <input id="inbox-q" name="q" type="search" defaultValue={values.q ?? ""} maxLength={100} placeholder="Business key or task name" className={`mt-1 ${input}`} />
        </div>
        <div className="md:w-44">
          <label htmlFor="inbox-sort" className={label}>Sort by</label>
          <select id="inbox-sort" name="sort" defaultValue={values.sort ?? ""} className={`mt-1 ${input}`}>
            {sorts.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        </div>
        <div className="flex gap-2">
          <button type="submit" className="inline-flex flex-1 items-center justify-center rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700 md:flex-none">Apply</button>
          {active ? <Link href={`/inbox?view=${values.view}`} className="inline-flex items-center justify-center rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">Clear</Link> : null}
        </div>
      </div>
      <details className="group mt-2" open={active && !!(values.process || values.pmin !== undefined || values.pmax !== undefined || values.overdue || values.vars)}>
        <summary className="cursor-pointer select-none text-sm font-medium text-slate-700 hover:text-slate-900">More filters</summary>
        <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
          <div className="col-span-2 md:col-span-1">
            <label htmlFor="inbox-process" className={label}>Process</label>
            <select id="inbox-process" name="process" defaultValue={values.process ?? ""} className={`mt-1 ${input}`}>
              <option value="">All processes</option>
              {processes.map((p) => <option key={p.key} value={p.key}>{p.name}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="inbox-pmin" className={label}>Priority from</label>
            <input id="inbox-pmin" name="pmin" type="number" inputMode="numeric" defaultValue={values.pmin ?? ""} placeholder="0" className={`mt-1 ${input}`} />
          </div>
          <div>
            <label htmlFor="inbox-pmax" className={label}>Priority to</label>
            <input id="inbox-pmax" name="pmax" type="number" inputMode="numeric" defaultValue={values.pmax ?? ""} placeholder="100" className={`mt-1 ${input}`} />
          </div>
          <label className="col-span-2 flex items-center gap-2 self-end pb-2 text-sm text-slate-700 md:col-span-1">
            <input type="checkbox" name="overdue" value="1" defaultChecked={values.overdue} className="size-4 accent-brand-600" />
            Overdue only
          </label>
          <div className="col-span-2 md:col-span-4">
            <label htmlFor="inbox-vars" className={label}>Process variables</label>
            <input id="inbox-vars" name="vars" type="text" defaultValue={values.vars ?? ""} maxLength={500} placeholder={'amount > 5000 and department = "R&D"'} aria-describedby="inbox-vars-help" className={`mt-1 font-mono ${input}`} />
            <p id="inbox-vars-help" className="mt-1 text-xs text-slate-500">Compare with = != &lt; &lt;= &gt; &gt;= or ~ (contains); join with “and”. Text in quotes.</p>
          </div>
        </div>
      </details>
    </form>
  );
}
