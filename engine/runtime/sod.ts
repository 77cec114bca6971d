// Separation of duties: a user task may name other tasks (or the start event) whose participants
// must not complete it. The engine records who completed each task; the runtime asks before
// letting an actor claim or complete.
import type { CompiledModel } from "../model/types";
import type { InstanceState } from "./state";

export function excludedUsersFor(state: InstanceState, elementIds: string[] | undefined): string[] {
  if (!elementIds || elementIds.length === 0) return [];
  const out: string[] = [];
  for (const id of elementIds) {
    for (const p of state.participants[id] ?? []) if (!out.includes(p.userId)) out.push(p.userId);
  }
  return out;
}

/** True when `userId` took part in a task (or start) that `taskElementId` excludes. */
export function isExcludedActor(
  model: CompiledModel,
  state: InstanceState,
  taskElementId: string,
  userId: string,
): boolean {
  const el = model.processes[state.processId]?.elements[taskElementId];
  const ids = el?.userTask?.excludeParticipantsOf;
  if (!ids) return false;
  return ids.some((id) => (state.participants[id] ?? []).some((p) => p.userId === userId));
}
