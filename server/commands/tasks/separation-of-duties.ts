// Separation of duties at the door of claim and complete: the engine's rules (engine/runtime/sod.ts)
// decide; a refusal says which rule and why, answers 403 with the rule's name, and is audited as a
// denied action on the organization's chain (the instance did not change, so its chain does not).
import { excludingRule, type CompiledModel, type InstanceState, type SodRule } from "../../../engine";
import type { Actor } from "../../authz/actor";
import { appendAudit } from "../../audit/append";
import type { Db } from "../../db/client";
import { BatonError } from "../../errors";

export const SOD_MESSAGES: Record<SodRule, string> = {
  excludeInitiator: "Separation of duties: you started this request, so someone else must decide it.",
  excludeParticipantsOf: "Separation of duties: you took part in an earlier step of this case, so someone else must do this task.",
};

interface TaskLike {
  id: string;
  instanceId: string;
  elementId: string;
  excludedUsers: string[];
}

/** The rule that keeps the actor from this task, or null. Live rules first, then the list fixed at creation. */
export async function sodRuleFor(db: Db, actor: Actor, task: TaskLike): Promise<SodRule | null> {
  const inst = await db.processInstance.findUnique({ where: { id: task.instanceId }, select: { state: true, definition: { select: { model: true } } } });
  const rule = inst ? excludingRule(inst.definition.model as unknown as CompiledModel, inst.state as unknown as InstanceState, task.elementId, actor.userId) : null;
  if (rule) return rule;
  return task.excludedUsers.includes(actor.userId) ? "excludeParticipantsOf" : null;
}

export async function assertNotExcluded(db: Db, actor: Actor, task: TaskLike, action: "task.claim" | "task.complete"): Promise<void> {
  const rule = await sodRuleFor(db, actor, task);
  if (!rule) return;
  await db.$transaction((tx) => appendAudit(tx, [{
    organizationId: actor.organizationId,
    type: "authz.denied",
    actorId: actor.userId,
    elementId: task.elementId,
    payload: { action, rule, taskId: task.id, instanceId: task.instanceId },
  }]));
  throw new BatonError("FORBIDDEN", SOD_MESSAGES[rule], { rule, action, taskId: task.id });
}
