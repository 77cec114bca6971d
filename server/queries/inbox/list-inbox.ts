import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleTasks } from "../../authz/scopes";
import { db } from "../../db/client";

export async function listInbox(actor: Actor, opts: { take?: number } = {}) {
  assertCan(actor, "task.list");
  return db().task.findMany({
    where: { ...visibleTasks(actor), status: "OPEN" },
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { priority: "desc" }, { createdAt: "asc" }],
    take: opts.take ?? 50,
    select: { id: true, name: true, dueAt: true, priority: true, assigneeId: true, candidateGroups: true, createdAt: true, instance: { select: { businessKey: true, definition: { select: { name: true } } } } },
  });
}
