import Link from "next/link";
import { notFound } from "next/navigation";
import { BpmnViewer } from "@/components/bpmn/bpmn-viewer";
import { TaskFacts } from "@/components/tasks/task-facts";
import { TaskWorkspace } from "@/components/tasks/task-workspace";
import { Timeline, relativeTime } from "@/components/timeline/timeline";
import { Badge, Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { requirePage } from "@/server/auth/guard";
import { isBatonError } from "@/server/errors";
import { getTaskPage } from "@/server/queries/tasks/task-page";
import { claimTaskAction, completeTaskAction, decideTaskAction, delegateTaskAction, reassignTaskAction, searchPeopleAction, unclaimTaskAction } from "./actions";

type Props = { params: Promise<{ id: string }> };

export const metadata = { title: "Task" };

const ACTIONS = {
  claim: claimTaskAction,
  unclaim: unclaimTaskAction,
  delegate: delegateTaskAction,
  reassign: reassignTaskAction,
  decide: decideTaskAction,
  complete: completeTaskAction,
  searchPeople: searchPeopleAction,
};

async function load(actor: Awaited<ReturnType<typeof requirePage>>, id: string) {
  try {
    return await getTaskPage(actor, id);
  } catch (e) {
    // Invisible, unknown and other organizations' tasks all read as "not found" (never 403).
    if (isBatonError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

export default async function TaskPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePage(`/tasks/${encodeURIComponent(id)}`, "task.read");
  const p = await load(actor, id);
  const now = new Date();
  const { task, instance, definition } = p;
  const status = task.status === "OPEN" ? { label: "Open", tone: "blue" as const } : task.status === "COMPLETED" ? { label: "Completed", tone: "green" as const } : { label: "Withdrawn", tone: "slate" as const };

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/inbox" className="hover:text-slate-800 hover:underline">Inbox</Link>
        <span aria-hidden> / </span>
        <span className="text-slate-700">Task</span>
      </nav>
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{task.name}</h1>
          <span data-testid="task-status" data-status={task.status}><Badge tone={status.tone}>{status.label}</Badge></span>
        </div>
        <p className="text-sm text-slate-600">
          <span className="font-medium text-slate-800">{definition.name}</span>
          <span className="text-slate-500"> v{definition.version}</span>
          {instance.businessKey ? <> · <span className="font-medium text-slate-800" data-testid="business-key">{instance.businessKey}</span></> : null}
          {" · "}started by <span className="font-medium text-slate-800">{instance.startedBy?.name ?? "Baton"}</span>{" "}
          <time dateTime={instance.startedAt} title={formatDateTime(instance.startedAt)}>{relativeTime(instance.startedAt, now)}</time>
          {" · "}
          <Link href={`/requests/${encodeURIComponent(instance.id)}`} className="font-medium text-brand-700 hover:underline">Open the request</Link>
        </p>
      </header>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          <TaskWorkspace
            task={{ id: task.id, name: task.name, status: task.status, completedAt: task.completedAt, outcome: task.outcome }}
            me={{ id: actor.userId, name: actor.name }}
            assignee={p.assignee}
            completedBy={p.completedBy}
            offeredTo={p.offeredTo}
            may={p.may}
            sodReason={p.sodReason}
            hasDecision={!!p.decision}
            form={p.form ? { schema: p.form.schema } : null}
            formData={task.variables}
            actions={ACTIONS}
          />
          <section aria-labelledby="diagram-heading">
            <h2 id="diagram-heading" className="mb-2 text-base font-semibold text-slate-900">Where this task is in the process</h2>
            <BpmnViewer
              xml={definition.bpmnXml}
              active={p.diagram.active}
              completed={p.diagram.completed}
              ariaLabel={`Diagram of ${definition.name}; ${task.name} is highlighted`}
              className="h-64 sm:h-80"
            />
          </section>
        </div>
        <div className="flex min-w-0 flex-col gap-6">
          <Card className="p-5">
            <h2 className="mb-3 text-base font-semibold text-slate-900">Details</h2>
            <TaskFacts
              status={status.label}
              assignee={p.assignee?.id === actor.userId ? "You" : p.assignee?.name ?? null}
              offeredTo={p.offeredTo}
              dueAt={task.dueAt}
              createdAt={task.createdAt}
              priority={task.priority}
              done={task.status !== "OPEN"}
              now={now}
            />
          </Card>
          <section aria-labelledby="timeline-heading" className="min-w-0">
            <Card className="p-5">
              <h2 id="timeline-heading" className="mb-4 text-base font-semibold text-slate-900">What happened so far</h2>
              <Timeline entries={p.timeline} now={now} label={`Timeline of ${definition.name}${instance.businessKey ? ` ${instance.businessKey}` : ""}`} />
            </Card>
          </section>
        </div>
      </div>
    </div>
  );
}
