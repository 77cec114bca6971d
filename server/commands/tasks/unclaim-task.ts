import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { changeAssignment } from "./change-assignment";
import { isManager } from "./load-task";
import { ZUnclaimTaskRequest, type TClaimTaskRequest, type TTaskView } from "./task.types";

export async function unclaimTask(actor: Actor | null, request: TClaimTaskRequest, deps: { db?: Db } = {}): Promise<TTaskView> {
  assertCan(actor, "task.claim");
  const { taskId } = ZUnclaimTaskRequest.parse(request);
  return changeAssignment(deps.db ?? defaultDb(), actor, taskId, (task) => {
    if (!task.assigneeId) throw new BatonError("CONFLICT", `Task ${taskId} is not claimed.`);
    if (task.assigneeId !== actor.userId && !isManager(actor)) throw new BatonError("FORBIDDEN", "Only the assignee, an operator or an admin can unclaim this task.");
    return { assigneeId: null, audit: "task.unclaimed", payload: { previousAssigneeId: task.assigneeId } };
  });
}
