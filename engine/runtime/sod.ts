// Separation of duties: a user task may exclude the person who started the instance
// (baton:excludeInitiator) and the participants of other tasks or the start event
// (baton:excludeParticipantsOf). The engine records who started the instance and who completed
// each task; the task's excludedUsers are fixed when it is created, and the runtime asks before
// letting an actor claim or complete.
import type { CompiledModel, UserTaskDef } from "../model/types";
import type { InstanceState } from "./state";

export type SodRule = "excludeInitiator" | "excludeParticipantsOf";

/** Who started the instance: the participant recorded on a start event. */
function initiators(state: InstanceState, model: CompiledModel | undefined): string[] {
  const out: string[] = [];
  const elements = model?.processes?.[state.processId]?.elements;
  for (const [id, people] of Object.entries(state.participants ?? {})) {
    if (elements && elements[id]?.type !== "startEvent") continue;
    for (const p of people) if (!out.includes(p.userId)) out.push(p.userId);
  }
  return out;
}

export function excludedUsersFor(state: InstanceState, def: Pick<UserTaskDef, "excludeParticipantsOf" | "excludeInitiator">, model?: CompiledModel): string[] {
  const out: string[] = def.excludeInitiator ? initiators(state, model) : [];
  for (const id of def.excludeParticipantsOf ?? []) {
    for (const p of state.participants?.[id] ?? []) if (!out.includes(p.userId)) out.push(p.userId);
  }
  return out;
}

/** The rule that keeps `userId` from the task at `taskElementId`, or null. */
export function excludingRule(
  model: CompiledModel,
  state: InstanceState,
  taskElementId: string,
  userId: string,
): SodRule | null {
  // stored rows are trusted only as far as they go: a missing model or state excludes nobody
  const def = model?.processes?.[state?.processId]?.elements?.[taskElementId]?.userTask;
  if (!def) return null;
  if (def.excludeInitiator && initiators(state, model).includes(userId)) return "excludeInitiator";
  if (def.excludeParticipantsOf?.some((id) => (state.participants?.[id] ?? []).some((p) => p.userId === userId))) return "excludeParticipantsOf";
  return null;
}

/** True when `userId` may not act on the task at `taskElementId` (either rule). */
export function isExcludedActor(model: CompiledModel, state: InstanceState, taskElementId: string, userId: string): boolean {
  return excludingRule(model, state, taskElementId, userId) !== null;
}
