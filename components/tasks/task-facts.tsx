// The task's facts at a glance: status, who has it, whom it is offered to, due, priority.
import { formatDateTime } from "@/components/ui/format";
import { DueBadge } from "./due-badge";

function priorityLabel(p: number): string {
  // Camunda's scale is 0–100 with 50 as the default; the words help more than the number alone.
  return p >= 75 ? "High" : p <= 25 ? "Low" : "Normal";
}

export function TaskFacts({ status, assignee, offeredTo, dueAt, createdAt, priority, done, now }: {
  status: string; assignee: string | null; offeredTo: string[]; dueAt: string | null; createdAt: string; priority: number; done: boolean; now: Date;
}) {
  const rows: [string, React.ReactNode][] = [
    ["Status", status],
    ["Assignee", assignee ?? <span className="text-slate-500">Nobody yet</span>],
    ["Offered to", offeredTo.length ? offeredTo.join(", ") : <span className="text-slate-500">—</span>],
    ["Due", <DueBadge key="due" dueAt={dueAt} createdAt={createdAt} done={done} now={now} />],
    ["Priority", <span key="p">{priorityLabel(priority)} <span className="text-slate-500">({priority})</span></span>],
    ["Created", formatDateTime(createdAt)],
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm" data-testid="task-facts">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="min-w-0 break-words text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
