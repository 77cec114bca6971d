// A task's due date as people read it: "Due in 3 hours", red when overdue, amber when at risk
// (a quarter or less of its time left, or under four hours). The words carry the state too,
// so it never depends on colour alone; the exact time is in the tooltip.
import { Badge } from "@/components/ui/card";
import { formatDateTime, relativeDue } from "@/components/ui/format";

export type DueState = "none" | "ok" | "at-risk" | "overdue";

const AT_RISK_SHARE = 0.25;
const AT_RISK_MS = 4 * 3_600_000;

export function dueState(dueAt: string | Date | null, createdAt: string | Date | null, now = new Date()): DueState {
  if (!dueAt) return "none";
  const due = new Date(dueAt).getTime();
  const left = due - now.getTime();
  if (left < 0) return "overdue";
  const window = createdAt ? due - new Date(createdAt).getTime() : 0;
  if (left <= AT_RISK_MS || (window > 0 && left <= window * AT_RISK_SHARE)) return "at-risk";
  return "ok";
}

export function DueBadge({ dueAt, createdAt, done = false, now }: { dueAt: string | null; createdAt?: string | null; done?: boolean; now?: Date }) {
  if (!dueAt) return <span className="text-slate-500">No due date</span>;
  const at = now ?? new Date();
  const state = done ? "ok" : dueState(dueAt, createdAt ?? null, at);
  const { text } = relativeDue(new Date(dueAt), at);
  const label = done ? `Was due ${formatDateTime(dueAt)}` : text;
  return (
    <span title={formatDateTime(dueAt)} data-due={state}>
      <Badge tone={state === "overdue" ? "red" : state === "at-risk" ? "amber" : "slate"}>
        {state === "at-risk" ? <span className="mr-1" aria-hidden>⚠</span> : null}
        {state === "at-risk" ? <span className="sr-only">At risk: </span> : null}
        {done ? label : text}
      </Badge>
    </span>
  );
}
