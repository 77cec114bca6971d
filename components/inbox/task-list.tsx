// The inbox's task list: a table on wide screens, cards on phones (nothing cut off at 390 px).
// Every row carries data-inbox-row so the keyboard helper (j/k, Enter, c) can walk it.
import Link from "next/link";
import { DueBadge } from "@/components/tasks/due-badge";
import { Badge } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";

export interface InboxRowView {
  id: string;
  name: string;
  status: string;
  priority: number;
  createdAt: string;
  dueAt: string | null;
  completedAt: string | null;
  outcome: string | null;
  candidateGroups: string[];
  assignee: { id: string; name: string } | null;
  claimable: boolean;
  instance: { id: string; businessKey: string | null };
  process: { key: string; name: string; version: number };
}

function Priority({ value }: { value: number }) {
  return <span title={`Priority ${value}`}>{value >= 75 ? <Badge tone="red">{value} · high</Badge> : <span className="text-slate-700">{value}</span>}</span>;
}

function Assignee({ row, meId }: { row: InboxRowView; meId: string }) {
  if (row.assignee) return <>{row.assignee.id === meId ? <span className="font-medium text-slate-900">You</span> : row.assignee.name}</>;
  return <span className="text-slate-500">{row.candidateGroups.length ? `Open to ${row.candidateGroups.join(", ")}` : "Unassigned"}</span>;
}

function ProcessCell({ row, stacked }: { row: InboxRowView; stacked?: boolean }) {
  return (
    <>
      <span className="text-slate-800">{row.process.name}</span>
      {row.instance.businessKey ? (
        stacked ? (
          <span className="block font-mono text-xs text-slate-500">{row.instance.businessKey}</span>
        ) : (
          <span className="text-slate-500"> · <span className="font-mono text-xs">{row.instance.businessKey}</span></span>
        )
      ) : null}
    </>
  );
}

export function TaskList({ rows, meId, done, now }: { rows: InboxRowView[]; meId: string; done: boolean; now: Date }) {
  const head = ["Task", "Process", "Created", done ? "Completed" : "Due", "Priority", done ? "Decision" : "Assignee"];
  return (
    <>
      <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm md:block">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Tasks">
          <thead className="bg-slate-50">
            <tr>
              {head.map((h) => (
                <th key={h} scope="col" className="px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id} data-inbox-row data-task-id={r.id} data-claimable={r.claimable ? "1" : undefined} className="group focus-within:bg-brand-50/60 hover:bg-slate-50">
                <td className="whitespace-nowrap px-4 py-3">
                  <Link href={`/tasks/${r.id}`} data-row-link className="font-medium text-slate-900 hover:text-brand-700 hover:underline focus:outline-none">
                    {r.name}
                  </Link>
                </td>
                <td className="px-4 py-3"><ProcessCell row={r} stacked /></td>
                <td className="whitespace-nowrap px-4 py-3 text-slate-600">{formatDateTime(r.createdAt)}</td>
                <td className="whitespace-nowrap px-4 py-3">{done ? formatDateTime(r.completedAt) : <DueBadge dueAt={r.dueAt} createdAt={r.createdAt} now={now} />}</td>
                <td className="whitespace-nowrap px-4 py-3"><Priority value={r.priority} /></td>
                <td className="whitespace-nowrap px-4 py-3 text-slate-700">{done ? r.outcome ?? "completed" : <Assignee row={r} meId={meId} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="flex flex-col gap-3 md:hidden" aria-label="Tasks">
        {rows.map((r) => (
          <li key={r.id} data-inbox-row data-task-id={r.id} data-claimable={r.claimable ? "1" : undefined} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm focus-within:ring-2 focus-within:ring-brand-500/40">
            <div className="flex items-start justify-between gap-3">
              <Link href={`/tasks/${r.id}`} data-row-link className="min-w-0 font-semibold text-slate-900 hover:text-brand-700 focus:outline-none">
                {r.name}
              </Link>
              {done ? null : <DueBadge dueAt={r.dueAt} createdAt={r.createdAt} now={now} />}
            </div>
            <p className="mt-1 truncate text-sm"><ProcessCell row={r} /></p>
            <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
              <span>Priority <Priority value={r.priority} /></span>
              <span aria-hidden>·</span>
              <span>{done ? `Completed ${formatDateTime(r.completedAt)}` : <Assignee row={r} meId={meId} />}</span>
              {done && r.outcome ? <><span aria-hidden>·</span><span>{r.outcome}</span></> : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
