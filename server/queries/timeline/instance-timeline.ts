// THE timeline of one instance — one read model over its audit events for the request page,
// the task page, the instance page and the audit explorer, so they never disagree. The caller
// has already decided the reader may see this instance (get-request, get-task, …).
import type { Db } from "../../db/client";
import { foldTimeline, type RawAuditEvent, type TimelineContext, type TimelineEntry } from "./fold-timeline";

export type { TimelineEntry, TimelineKind } from "./fold-timeline";

/** Beyond this many raw events the audit explorer (which pages) has the rest. */
export const TIMELINE_EVENT_LIMIT = 5000;

interface ModelJson {
  processes?: Record<string, { name?: string; elements?: Record<string, { name?: string; type: string }> }>;
}

export async function instanceTimeline(db: Db, organizationId: string, instanceId: string): Promise<TimelineEntry[]> {
  const instance = await db.processInstance.findFirst({
    where: { id: instanceId, organizationId },
    select: { variables: true, definition: { select: { key: true, name: true, model: true } } },
  });
  // Another organization's instance reads exactly like a missing one.
  if (!instance) return [];
  const [events, tasks, timers] = await Promise.all([
    db.auditEvent.findMany({
      where: { organizationId, instanceId },
      orderBy: { seq: "asc" },
      take: TIMELINE_EVENT_LIMIT,
      select: { id: true, seq: true, type: true, actorId: true, elementId: true, payload: true, createdAt: true },
    }),
    db.task.findMany({ where: { organizationId, instanceId }, select: { id: true, name: true, elementId: true, dueAt: true, candidateUsers: true } }),
    db.timer.findMany({ where: { organizationId, instanceId }, select: { id: true, elementId: true } }),
  ]);

  const proc = (instance.definition.model as ModelJson).processes?.[instance.definition.key];
  const userIds = new Set<string>();
  const groupKeys = new Set<string>();
  for (const e of events) collectPeople(e, userIds, groupKeys);
  for (const t of tasks) t.candidateUsers.forEach((u) => userIds.add(u));
  const [users, groups] = await Promise.all([
    userIds.size ? db.user.findMany({ where: { organizationId, id: { in: [...userIds] } }, select: { id: true, name: true } }) : [],
    groupKeys.size ? db.group.findMany({ where: { organizationId, key: { in: [...groupKeys] } }, select: { key: true, name: true } }) : [],
  ]);

  const ctx: TimelineContext = {
    processName: instance.definition.name || proc?.name || instance.definition.key,
    elements: proc?.elements ?? {},
    tasks: Object.fromEntries(tasks.map((t) => [t.id, t])),
    timers: Object.fromEntries(timers.map((t) => [t.id, { elementId: t.elementId }])),
    users: Object.fromEntries(users.map((u) => [u.id, u.name])),
    groups: Object.fromEntries(groups.map((g) => [g.key, g.name])),
    variables: isRecord(instance.variables) ? instance.variables : {},
  };
  return foldTimeline(events as RawAuditEvent[], ctx);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function collectPeople(e: { actorId: string | null; payload: unknown }, users: Set<string>, groups: Set<string>): void {
  if (e.actorId) users.add(e.actorId);
  if (!isRecord(e.payload)) return;
  const p = e.payload;
  for (const k of ["startedBy", "completedBy", "assignee", "previousAssigneeId", "from", "to"]) {
    if (typeof p[k] === "string") users.add(p[k] as string);
  }
  // escalateTo names groups or users: look the names up as both.
  for (const k of ["candidateGroups", "escalateTo"]) {
    if (!Array.isArray(p[k])) continue;
    for (const g of p[k] as unknown[]) {
      if (typeof g !== "string") continue;
      groups.add(g);
      if (k === "escalateTo") users.add(g);
    }
  }
}
