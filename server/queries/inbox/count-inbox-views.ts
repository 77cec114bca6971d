// How many rows each inbox view holds under the current filters (the tab badges). Counts stop at
// COUNT_CAP: "1,000+" tells a person as much as an exact figure and keeps a huge "Done by me"
// from scanning every row on each page view.
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleInstances } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import { isManager, taskWhere, type InboxView, type TaskView, type TInboxFilters } from "./inbox-query";

export const COUNT_CAP = 1000;

export type TInboxCounts = Partial<Record<InboxView, number>>;

export async function countInboxViews(actor: Actor, filters: TInboxFilters = {}, deps: { db?: Db; now?: Date } = {}): Promise<TInboxCounts> {
  assertCan(actor, "task.list");
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? new Date();
  const views: TaskView[] = isManager(actor) ? ["assigned", "offered", "done", "all"] : ["assigned", "offered", "done"];
  const [requests, ...counts] = await Promise.all([
    // "My requests" are the instances the actor started (the task filters do not apply to them).
    db.processInstance.count({ where: { AND: [visibleInstances(actor), { startedById: actor.userId }] }, take: COUNT_CAP + 1 }),
    ...views.map((v) => db.task.count({ where: taskWhere(actor, v, filters, now), take: COUNT_CAP + 1 })),
  ]);
  const out: TInboxCounts = { requests };
  views.forEach((v, i) => (out[v] = counts[i]));
  return out;
}
