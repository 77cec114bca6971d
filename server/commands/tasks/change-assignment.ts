// Claim, unclaim and delegate change who works a task, not the process: no engine step, but
// the change is audited on the instance's chain, so it bumps the instance version (any
// concurrent step then retries instead of forking the chain).
import type { Actor } from "../../authz/actor";
import { appendAudit } from "../../audit/append";
import type { AuditEventType } from "../../audit/event-types";
import type { Db } from "../../db/client";
import { publishLive } from "../../live/notices";
import { assertOpen, loadTaskFor, taskView } from "./load-task";
import type { TTaskView } from "./task.types";

export async function changeAssignment(
  db: Db,
  actor: Actor,
  taskId: string,
  decide: (task: Awaited<ReturnType<typeof loadTaskFor>>) => { assigneeId: string | null; audit: AuditEventType; payload: Record<string, unknown> },
): Promise<TTaskView> {
  let before: string | null = null;
  const view = await db.$transaction(async (tx) => {
    const task = await loadTaskFor(tx, actor, taskId);
    await tx.$executeRaw`UPDATE "ProcessInstance" SET version = version + 1 WHERE id = ${task.instanceId}`;
    const fresh = await loadTaskFor(tx, actor, taskId); // re-read under the instance lock
    assertOpen(fresh);
    const d = decide(fresh);
    before = fresh.assigneeId;
    const updated = await tx.task.update({ where: { id: taskId }, data: { assigneeId: d.assigneeId } });
    await appendAudit(tx, [{ organizationId: actor.organizationId, instanceId: task.instanceId, elementId: task.elementId, type: d.audit, actorId: actor.userId, payload: { taskId, ...d.payload } }]);
    return taskView(updated);
  });
  // after commit; the one who had the task is told too (it leaves their "Assigned to me")
  await publishLive(actor.organizationId, { taskIds: [taskId], instanceIds: [view.instanceId], users: before && before !== view.assigneeId ? [before] : [] });
  return view;
}
