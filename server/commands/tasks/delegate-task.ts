import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { changeAssignment } from "./change-assignment";
import { isManager } from "./load-task";
import { ZDelegateTaskRequest, type TDelegateTaskRequest, type TTaskView } from "./task.types";

export async function delegateTask(actor: Actor | null, request: TDelegateTaskRequest, deps: { db?: Db } = {}): Promise<TTaskView> {
  assertCan(actor, "task.delegate");
  const input = ZDelegateTaskRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const target = await db.user.findFirst({ where: { id: input.userId, organizationId: actor.organizationId, disabled: false } });
  if (!target) throw new BatonError("VALIDATION", `userId: no active user ${input.userId} in your organization.`, { fields: [{ field: "body.userId", message: "unknown user" }] });
  return changeAssignment(db, actor, input.taskId, (task) => {
    if (task.assigneeId && task.assigneeId !== actor.userId && !isManager(actor)) throw new BatonError("FORBIDDEN", "Only the assignee, an operator or an admin can delegate this task.");
    if (task.excludedUsers.includes(target.id)) throw new BatonError("UNPROCESSABLE", `Separation of duties: ${target.name} may not do this task.`);
    return { assigneeId: target.id, audit: "task.delegated", payload: { from: task.assigneeId, to: target.id } };
  });
}
