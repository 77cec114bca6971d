import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db } from "../../db/client";

/** Open tasks by deadline: overdue, due within 24 hours, later, and without a due date. */
export async function slaSummary(actor: Actor, now = new Date()) {
  assertCan(actor, "sla.read");
  const org = { organizationId: actor.organizationId, status: "OPEN" as const };
  const soon = new Date(now.getTime() + 24 * 3600_000);
  const [overdue, dueSoon, later, noDue] = await Promise.all([
    db().task.count({ where: { ...org, dueAt: { lt: now } } }),
    db().task.count({ where: { ...org, dueAt: { gte: now, lt: soon } } }),
    db().task.count({ where: { ...org, dueAt: { gte: soon } } }),
    db().task.count({ where: { ...org, dueAt: null } }),
  ]);
  return { overdue, dueSoon, later, noDue, total: overdue + dueSoon + later + noDue };
}
