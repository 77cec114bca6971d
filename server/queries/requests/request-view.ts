// Shared pieces of the request read models: the status a requester reads, and "who it waits
// on" for open tasks, with people and groups by name.
import type { Db } from "../../db/client";

export type TRequestStatus = "active" | "incident" | "completed" | "cancelled" | "terminated";

export function requestStatus(status: string, hasIncident: boolean): TRequestStatus {
  if (status === "ACTIVE") return hasIncident ? "incident" : "active";
  if (status === "COMPLETED") return "completed";
  if (status === "CANCELED") return "cancelled";
  return "terminated";
}

export interface TPersonRef {
  id: string;
  name: string;
}

/** A task the request is waiting on, and whom. */
export interface TWaitingStep {
  kind: "task";
  taskId: string;
  elementId: string;
  name: string;
  assignee: TPersonRef | null;
  /** Groups and users it is offered to, by name (when nobody has claimed it). */
  offeredTo: string[];
  dueAt: string | null;
}

export interface OpenTaskRow {
  id: string;
  instanceId: string;
  elementId: string;
  name: string;
  assigneeId: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueAt: Date | null;
}

export const OPEN_TASK_SELECT = { id: true, instanceId: true, elementId: true, name: true, assigneeId: true, candidateGroups: true, candidateUsers: true, dueAt: true, createdAt: true } as const;

export interface Names {
  users: Map<string, string>;
  groups: Map<string, string>;
}

/** Names of the users and groups mentioned, in one round trip each, within one organization. */
export async function loadNames(db: Db, organizationId: string, userIds: Iterable<string>, groupKeys: Iterable<string>): Promise<Names> {
  const u = [...new Set(userIds)];
  const g = [...new Set(groupKeys)];
  const [users, groups] = await Promise.all([
    u.length ? db.user.findMany({ where: { organizationId, id: { in: u } }, select: { id: true, name: true } }) : [],
    g.length ? db.group.findMany({ where: { organizationId, key: { in: g } }, select: { key: true, name: true } }) : [],
  ]);
  return { users: new Map(users.map((x) => [x.id, x.name])), groups: new Map(groups.map((x) => [x.key, x.name])) };
}

export function namesNeeded(tasks: OpenTaskRow[], extraUsers: (string | null)[] = []): { users: string[]; groups: string[] } {
  const users = extraUsers.filter((x): x is string => !!x);
  const groups: string[] = [];
  for (const t of tasks) {
    if (t.assigneeId) users.push(t.assigneeId);
    users.push(...t.candidateUsers);
    groups.push(...t.candidateGroups);
  }
  return { users, groups };
}

export function person(id: string | null, names: Names): TPersonRef | null {
  return id ? { id, name: names.users.get(id) ?? "A former user" } : null;
}

export function waitingStep(t: OpenTaskRow, names: Names): TWaitingStep {
  return {
    kind: "task",
    taskId: t.id,
    elementId: t.elementId,
    name: t.name,
    assignee: person(t.assigneeId, names),
    offeredTo: t.assigneeId ? [] : [...t.candidateGroups.map((g) => names.groups.get(g) ?? g), ...t.candidateUsers.map((u) => names.users.get(u) ?? u)],
    dueAt: t.dueAt?.toISOString() ?? null,
  };
}
