// Completes a human task: the engine moves on with the submitted variables. Two people
// completing the same task at once: one wins, the other gets 409.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb } from "../../db/client";
import { BatonError } from "../../errors";
import { checkSubmission } from "../../forms/check-submission";
import { resolveFormRef } from "../../forms/resolve-form";
import { runEvent, type RunDeps } from "../../runtime/run-events";
import { expectApplied } from "../outcome";
import { metrics } from "../../metrics/metrics";
import { assertOpen, isManager, loadTaskFor, taskView } from "./load-task";
import { assertNotExcluded } from "./separation-of-duties";
import { ZCompleteTaskRequest, type TCompleteTaskRequest, type TTaskView } from "./task.types";

export async function completeTask(actor: Actor | null, request: TCompleteTaskRequest, deps: RunDeps = {}): Promise<TTaskView> {
  assertCan(actor, "task.complete");
  const input = ZCompleteTaskRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const task = await loadTaskFor(db, actor, input.taskId);
  assertOpen(task);
  if (task.assigneeId && task.assigneeId !== actor.userId && !isManager(actor)) {
    throw new BatonError("CONFLICT", `Task ${task.id} is claimed by someone else; ask them, or an operator, to unclaim it.`, { assigneeId: task.assigneeId });
  }
  await assertNotExcluded(db, actor, task, "task.complete");
  // a task with a form takes only what its form defines, checked as the browser checks it
  const form = await resolveFormRef(db, actor.organizationId, task.formKey);
  const variables = checkSubmission(form, input.variables, (task.variables ?? {}) as Record<string, unknown>);
  const outcome = await runEvent(
    {
      eventId: `task:${task.id}:${crypto.randomUUID()}`,
      instanceId: task.instanceId,
      organizationId: actor.organizationId,
      actorId: actor.userId,
      event: { type: "taskCompleted", taskId: task.id, variables, completedBy: actor.userId, ...(input.outcome ? { outcome: input.outcome } : {}) } as never,
    },
    { ...deps, db },
  );
  if (outcome.status === "ignored") throw new BatonError("CONFLICT", `Task ${task.id} was completed by someone else a moment ago.`);
  expectApplied(outcome, `Completing task ${task.id}`);
  metrics().elementDuration.observe({ element_type: "userTask" }, Math.max(0, Date.now() - task.createdAt.getTime()) / 1000);
  return taskView(await db.task.findUniqueOrThrow({ where: { id: task.id } }));
}
