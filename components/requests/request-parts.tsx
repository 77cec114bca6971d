// Pieces of the request page: its status badge, "where it is now" and its details. Server
// components; data arrives as props (the shapes of server/queries/requests/get-request.ts).
import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { formatDateTime, relativeDue } from "@/components/ui/format";

export type RequestStatusView = "active" | "incident" | "completed" | "cancelled" | "terminated";

const STATUS: Record<RequestStatusView, { label: string; tone: "blue" | "red" | "green" | "slate" | "amber" }> = {
  active: { label: "In progress", tone: "blue" },
  incident: { label: "Needs attention", tone: "red" },
  completed: { label: "Completed", tone: "green" },
  cancelled: { label: "Cancelled", tone: "slate" },
  terminated: { label: "Ended early", tone: "amber" },
};

export function RequestStatusBadge({ status }: { status: RequestStatusView }) {
  const s = STATUS[status];
  return (
    <span data-testid="request-status" data-status={status}>
      <Badge tone={s.tone}>{s.label}</Badge>
    </span>
  );
}

export interface WaitingStepView {
  taskId: string;
  name: string;
  assignee: { id: string; name: string } | null;
  offeredTo: string[];
  dueAt: string | null;
}

export interface SystemWaitView {
  kind: "timer" | "message" | "job" | "call";
  elementId: string;
  name: string;
  dueAt: string | null;
  messageName: string | null;
}

function Due({ at, now }: { at: string | null; now: Date }) {
  if (!at) return null;
  const due = relativeDue(new Date(at), now);
  const soon = !due.overdue && new Date(at).getTime() - now.getTime() < 86_400_000;
  return (
    <span className={due.overdue ? "font-medium text-red-700" : soon ? "font-medium text-amber-700" : "text-slate-600"}>
      <time dateTime={at} title={formatDateTime(at)}>{due.text}</time>
    </span>
  );
}

function waitText(w: SystemWaitView): string {
  if (w.kind === "timer") return w.dueAt ? `Waiting until ${formatDateTime(w.dueAt)}` : "Waiting for a timer";
  if (w.kind === "message") return w.messageName ? `Waiting for the message “${w.messageName}”` : "Waiting for a message";
  if (w.kind === "call") return "Waiting for a called process to finish";
  return "Running automatically";
}

export function WhereItIs({ status, steps, waits, incidents, openable, endedAt, now }: {
  status: RequestStatusView;
  steps: WaitingStepView[];
  waits: SystemWaitView[];
  incidents: { elementId: string; name: string; message: string | null }[];
  openable: string[];
  endedAt: string | null;
  now: Date;
}) {
  if (status === "completed" || status === "cancelled" || status === "terminated") {
    return (
      <p className="text-sm text-slate-700">
        {status === "completed" ? "Finished" : status === "cancelled" ? "Cancelled" : "Ended early"} on {formatDateTime(endedAt)}. The timeline shows every step.
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-3" data-testid="current-steps">
      {steps.map((s) => (
        <li key={s.taskId} className="rounded-lg border border-brand-100 bg-brand-50/40 px-3 py-2.5">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
            <span className="font-medium text-slate-900">{s.name}</span>
            <span className="text-sm"><Due at={s.dueAt} now={now} /></span>
          </div>
          <p className="mt-0.5 text-sm text-slate-600">
            {s.assignee ? <>{s.assignee.name} is working on it</> : s.offeredTo.length ? <>Waiting for someone in {s.offeredTo.join(", ")} to pick it up</> : <>Waiting for someone to pick it up</>}
          </p>
          {openable.includes(s.taskId) ? (
            <Link href={`/tasks/${s.taskId}`} className="mt-1 inline-block text-sm font-medium text-brand-700 hover:underline">Open task</Link>
          ) : null}
        </li>
      ))}
      {waits.map((w) => (
        <li key={`${w.kind}:${w.elementId}`} className="rounded-lg border border-slate-200 px-3 py-2.5">
          <span className="font-medium text-slate-900">{w.name}</span>
          <p className="mt-0.5 text-sm text-slate-600">{waitText(w)}</p>
        </li>
      ))}
      {incidents.map((i) => (
        <li key={`incident:${i.elementId}`} className="rounded-lg border border-red-200 bg-red-50 px-3 py-2.5">
          <span className="font-medium text-red-800">Stuck at {i.name}</span>
          <p className="mt-0.5 break-words text-sm text-red-700">{i.message ?? "An operator has been told and will fix it; nothing is needed from you."}</p>
        </li>
      ))}
      {steps.length + waits.length + incidents.length === 0 ? <li className="text-sm text-slate-600">Moving on — Baton is working on the next step.</li> : null}
    </ul>
  );
}

function show(v: unknown): string {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function RequestDetails({ variables }: { variables: Record<string, unknown> }) {
  const entries = Object.entries(variables).slice(0, 50);
  if (entries.length === 0) return <p className="text-sm text-slate-500">No data was given with this request.</p>;
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(8rem,auto)_1fr]" data-testid="request-details">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-medium text-slate-600">{k}</dt>
          <dd className="break-words text-slate-900">{show(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
