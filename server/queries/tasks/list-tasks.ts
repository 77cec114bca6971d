// Tasks the actor may see (visibleTasks), filtered and paged (REST `GET /tasks`).
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleTasks } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import type { TTaskView } from "../../commands/tasks/task.types";
import { afterCursor, toPage, ZDateParam, ZPaging } from "../paging";
// One mapping for commands and queries, so the two answers can never drift apart.
import { taskView } from "../../commands/tasks/load-task";

export const ZListTasksQuery = z.object({
  status: z.enum(["OPEN", "COMPLETED", "CANCELED"]).optional().describe("default: all"),
  assignee: z.string().min(1).max(255).optional().describe("`me`, `none` (unassigned) or a user id"),
  candidateGroup: z.string().min(1).max(255).optional(),
  processKey: z.string().min(1).max(255).optional(),
  instanceId: z.string().min(1).max(255).optional(),
  elementId: z.string().min(1).max(255).optional().describe("the task's BPMN element id"),
  dueBefore: ZDateParam.optional(),
  dueAfter: ZDateParam.optional(),
  ...ZPaging,
});
export type TListTasksQuery = z.output<typeof ZListTasksQuery>;

function assigneeFilter(actor: Actor, assignee: string | undefined): Prisma.TaskWhereInput {
  if (!assignee) return {};
  if (assignee === "me") return { assigneeId: actor.userId };
  if (assignee === "none") return { assigneeId: null };
  return { assigneeId: assignee };
}

export async function listTasks(
  actor: Actor,
  query: Partial<TListTasksQuery>,
  deps: { db?: Db } = {},
): Promise<{ items: TTaskView[]; nextCursor: string | null }> {
  assertCan(actor, "task.list");
  const limit = query.limit ?? 50;
  const due: Prisma.DateTimeNullableFilter = {};
  if (query.dueBefore) due.lt = new Date(query.dueBefore);
  if (query.dueAfter) due.gte = new Date(query.dueAfter);
  const rows = await (deps.db ?? defaultDb()).task.findMany({
    where: {
      AND: [
        visibleTasks(actor),
        query.status ? { status: query.status } : {},
        assigneeFilter(actor, query.assignee),
        query.candidateGroup ? { candidateGroups: { has: query.candidateGroup } } : {},
        query.processKey ? { instance: { definition: { key: query.processKey } } } : {},
        query.instanceId ? { instanceId: query.instanceId } : {},
        query.elementId ? { elementId: query.elementId } : {},
        query.dueBefore || query.dueAfter ? { dueAt: due } : {},
        afterCursor("createdAt", query.cursor) as Prisma.TaskWhereInput,
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  return toPage(rows, limit, (r) => ({ at: r.createdAt, id: r.id }), taskView);
}
