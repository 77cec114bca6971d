import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { changeAssignment } from "./change-assignment";
import { loadTaskFor } from "./load-task";
import { assertNotExcluded, SOD_MESSAGES } from "./separation-of-duties";
import { ZClaimTaskRequest, type TClaimTaskRequest, type TTaskView } from "./task.types";

export async function claimTask(actor: Actor | null, request: TClaimTaskRequest, deps: { db?: Db } = {}): Promise<TTaskView> {
  assertCan(actor, "task.claim");
  const { taskId } = ZClaimTaskRequest.parse(request);
  const db = deps.db ?? defaultDb();
  await assertNotExcluded(db, actor, await loadTaskFor(db, actor, taskId), "task.claim");
  return changeAssignment(db, actor, taskId, (task) => {
    if (task.assigneeId === actor.userId) return { assigneeId: actor.userId, audit: "task.claimed", payload: { again: true } };
    if (task.assigneeId) throw new BatonError("CONFLICT", `Task ${taskId} is already claimed by someone else.`, { assigneeId: task.assigneeId });
    if (task.excludedUsers.includes(actor.userId)) throw new BatonError("FORBIDDEN", SOD_MESSAGES.excludeParticipantsOf, { rule: "excludeParticipantsOf" });
    return { assigneeId: actor.userId, audit: "task.claimed", payload: {} };
  });
}
