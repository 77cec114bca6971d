// Reassign: an operator or admin gives an open task to someone else (or back to the pool),
// whoever holds it now. Unlike delegate, it needs `task.assign`. Audited as `task.delegated`
// with `reassigned: true`, so the timeline and audit readers already understand it.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { changeAssignment } from "./change-assignment";
import type { TTaskView } from "./task.types";

export const ZAssignTaskRequest = z.object({
  taskId: z.string().min(1),
  /** The new assignee; null puts the task back to its candidates. */
  userId: z.string().min(1, "userId: whom to assign the task to").nullable(),
});
export type TAssignTaskRequest = z.infer<typeof ZAssignTaskRequest>;

export async function assignTask(actor: Actor | null, request: TAssignTaskRequest, deps: { db?: Db } = {}): Promise<TTaskView> {
  assertCan(actor, "task.assign");
  const input = ZAssignTaskRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const target = input.userId
    ? await db.user.findFirst({ where: { id: input.userId, organizationId: actor.organizationId, disabled: false }, select: { id: true, name: true } })
    : null;
  if (input.userId && !target) {
    throw new BatonError("VALIDATION", `userId: no active user ${input.userId} in your organization.`, { fields: [{ field: "body.userId", message: "unknown user" }] });
  }
  return changeAssignment(db, actor, input.taskId, (task) => {
    if (target && task.excludedUsers.includes(target.id)) {
      throw new BatonError("UNPROCESSABLE", `Separation of duties: ${target.name} took part earlier in this case and may not do this task.`, { rule: "separationOfDuties" });
    }
    return { assigneeId: target?.id ?? null, audit: "task.delegated", payload: { from: task.assigneeId, to: target?.id ?? null, reassigned: true } };
  });
}
