// "My requests": what the person started, where each stands and whom it waits on. Table on wide
// screens, cards on phones; every row opens the request page (timeline, diagram).
import Link from "next/link";
import { RequestStatusBadge, type RequestStatusView } from "@/components/requests/request-parts";
import { formatDateTime } from "@/components/ui/format";

export interface MyRequestView {
  id: string;
  process: { key: string; name: string; version: number };
  businessKey: string | null;
  status: RequestStatusView;
  startedAt: string;
  endedAt: string | null;
  waitingOn: { taskId: string; name: string; assignee: { id: string; name: string } | null; offeredTo: string[] }[];
}

function CurrentStep({ r }: { r: MyRequestView }) {
  if (r.status !== "active" && r.status !== "incident") return <span className="text-slate-500">{r.endedAt ? `Ended ${formatDateTime(r.endedAt)}` : "—"}</span>;
  if (r.waitingOn.length === 0) return <span className="text-slate-500">{r.status === "incident" ? "Stuck: an operator is needed" : "Running automatic steps"}</span>;
  return (
    <>
      {r.waitingOn.map((w, i) => (
        <span key={w.taskId}>
          {i > 0 ? "; " : null}
          <span className="font-medium text-slate-800">{w.name}</span>
          <span className="text-slate-500"> — {w.assignee ? w.assignee.name : w.offeredTo.length ? `waiting for ${w.offeredTo.join(", ")}` : "waiting"}</span>
        </span>
      ))}
    </>
  );
}

const title = (r: MyRequestView) => (r.businessKey ? `${r.process.name} · ${r.businessKey}` : r.process.name);

export function RequestList({ rows }: { rows: MyRequestView[] }) {
  return (
    <>
      <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm md:block">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="My requests">
          <thead className="bg-slate-50">
            <tr>
              {["Request", "Current step", "Status", "Started"].map((h) => (
                <th key={h} scope="col" className="px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id} data-inbox-row data-request-id={r.id} className="focus-within:bg-brand-50/60 hover:bg-slate-50">
                <td className="px-4 py-3">
                  <Link href={`/requests/${r.id}`} data-row-link className="font-medium text-slate-900 hover:text-brand-700 hover:underline focus:outline-none">{title(r)}</Link>
                </td>
                <td className="px-4 py-3"><CurrentStep r={r} /></td>
                <td className="px-4 py-3"><RequestStatusBadge status={r.status} /></td>
                <td className="whitespace-nowrap px-4 py-3 text-slate-600">{formatDateTime(r.startedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="flex flex-col gap-3 md:hidden" aria-label="My requests">
        {rows.map((r) => (
          <li key={r.id} data-inbox-row data-request-id={r.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm focus-within:ring-2 focus-within:ring-brand-500/40">
            <div className="flex items-start justify-between gap-3">
              <Link href={`/requests/${r.id}`} data-row-link className="min-w-0 font-semibold text-slate-900 hover:text-brand-700 focus:outline-none">{title(r)}</Link>
              <RequestStatusBadge status={r.status} />
            </div>
            <p className="mt-1 text-sm"><CurrentStep r={r} /></p>
            <p className="mt-1 text-xs text-slate-500">Started {formatDateTime(r.startedAt)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
