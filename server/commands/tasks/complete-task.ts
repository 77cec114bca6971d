// Completes a human task: the engine moves on with the submitted variables. Two people
// completing the same task at once: one wins, the other gets 409.
import crypto from "node:crypto";
import { isExcludedActor, type CompiledModel, type InstanceState } from "../../../engine";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb } from "../../db/client";
import { BatonError } from "../../errors";
import { checkSubmission } from "../../forms/check-submission";
import { resolveFormRef } from "../../forms/resolve-form";
import { runEvent, type RunDeps } from "../../runtime/run-events";
import { expectApplied } from "../outcome";
import { assertOpen, isManager, loadTaskFor, taskView } from "./load-task";
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
  const inst = await db.processInstance.findUniqueOrThrow({ where: { id: task.instanceId }, select: { state: true, definition: { select: { model: true } } } });
  if (task.excludedUsers.includes(actor.userId) || isExcludedActor(inst.definition.model as unknown as CompiledModel, inst.state as unknown as InstanceState, task.elementId, actor.userId)) {
    throw new BatonError("FORBIDDEN", "Separation of duties: you took part earlier in this case, so someone else must complete this task.", { rule: "separationOfDuties" });
  }
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
  return taskView(await db.task.findUniqueOrThrow({ where: { id: task.id } }));
}
