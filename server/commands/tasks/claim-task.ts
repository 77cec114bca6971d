import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { changeAssignment } from "./change-assignment";
import { ZClaimTaskRequest, type TClaimTaskRequest, type TTaskView } from "./task.types";

export async function claimTask(actor: Actor | null, request: TClaimTaskRequest, deps: { db?: Db } = {}): Promise<TTaskView> {
  assertCan(actor, "task.claim");
  const { taskId } = ZClaimTaskRequest.parse(request);
  return changeAssignment(deps.db ?? defaultDb(), actor, taskId, (task) => {
    if (task.assigneeId === actor.userId) return { assigneeId: actor.userId, audit: "task.claimed", payload: { again: true } };
    if (task.assigneeId) throw new BatonError("CONFLICT", `Task ${taskId} is already claimed by someone else.`, { assigneeId: task.assigneeId });
    if (task.excludedUsers.includes(actor.userId)) throw new BatonError("FORBIDDEN", "Separation of duties: you took part earlier in this case, so someone else must do this task.");
    return { assigneeId: actor.userId, audit: "task.claimed", payload: {} };
  });
}
