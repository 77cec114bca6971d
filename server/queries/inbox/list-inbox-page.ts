// One page of an inbox view (assigned / offered / done / all), filtered, sorted and keyset-paged
// (no OFFSET: page 500 costs what page 1 costs), plus the processes to filter by.
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleDefinitions } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import { afterKey, decodeInboxCursor, encodeInboxCursor, keyOf, orderByFor, taskWhere, type InboxSort, type TaskView, type TInboxFilters } from "./inbox-query";

export interface TInboxRow {
  id: string;
  name: string;
  status: "OPEN" | "COMPLETED" | "CANCELED";
  priority: number;
  createdAt: string;
  dueAt: string | null;
  completedAt: string | null;
  outcome: string | null;
  candidateGroups: string[];
  assignee: { id: string; name: string } | null;
  /** True when the actor may claim it from the list (unclaimed, offered to them). */
  claimable: boolean;
  instance: { id: string; businessKey: string | null };
  process: { key: string; name: string; version: number };
}

export interface TInboxPage {
  items: TInboxRow[];
  nextCursor: string | null;
  sort: InboxSort;
}

export const INBOX_PAGE_SIZE = 25;

export async function listInboxPage(
  actor: Actor,
  input: { view: TaskView; sort?: InboxSort; filters?: TInboxFilters; cursor?: string; limit?: number; now?: Date },
  deps: { db?: Db } = {},
): Promise<TInboxPage> {
  assertCan(actor, "task.list");
  const db = deps.db ?? defaultDb();
  const now = input.now ?? new Date();
  // "Done by me" reads best newest-first by completion; other orders stay available.
  const sort: InboxSort = input.view === "done" && (!input.sort || input.sort === "created") ? "completed" : input.sort ?? "due";
  const limit = Math.min(Math.max(input.limit ?? INBOX_PAGE_SIZE, 1), 100);
  const key = input.cursor ? decodeInboxCursor(input.cursor, sort) : null;
  const rows = await db.task.findMany({
    where: { AND: [taskWhere(actor, input.view, input.filters ?? {}, now), afterKey(key)] },
    orderBy: orderByFor(sort),
    take: limit + 1,
    select: {
      id: true, name: true, status: true, priority: true, createdAt: true, dueAt: true, completedAt: true, outcome: true,
      assigneeId: true, candidateGroups: true, candidateUsers: true, excludedUsers: true,
      instance: { select: { id: true, businessKey: true, definition: { select: { key: true, name: true, version: true } } } },
    },
  });
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const ids = [...new Set(kept.map((r) => r.assigneeId).filter((i): i is string => !!i))];
  const users = ids.length ? await db.user.findMany({ where: { organizationId: actor.organizationId, id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const offeredToMe = (r: (typeof kept)[number]) => r.candidateUsers.includes(actor.userId) || r.candidateGroups.some((g) => actor.groups.includes(g));
  return {
    sort,
    nextCursor: more ? encodeInboxCursor(keyOf(sort, kept[kept.length - 1])) : null,
    items: kept.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      priority: r.priority,
      createdAt: r.createdAt.toISOString(),
      dueAt: r.dueAt?.toISOString() ?? null,
      completedAt: r.completedAt?.toISOString() ?? null,
      outcome: r.outcome,
      candidateGroups: r.candidateGroups,
      assignee: r.assigneeId ? { id: r.assigneeId, name: names.get(r.assigneeId) ?? r.assigneeId } : null,
      claimable: r.status === "OPEN" && !r.assigneeId && offeredToMe(r) && !r.excludedUsers.includes(actor.userId),
      instance: { id: r.instance.id, businessKey: r.instance.businessKey },
      process: r.instance.definition,
    })),
  };
}

/** Processes to offer in the filter: one entry per key, by name. */
export async function inboxProcesses(actor: Actor, deps: { db?: Db } = {}): Promise<{ key: string; name: string }[]> {
  assertCan(actor, "task.list");
  const rows = await (deps.db ?? defaultDb()).processDefinition.findMany({
    where: visibleDefinitions(actor),
    distinct: ["key"],
    orderBy: [{ key: "asc" }, { version: "desc" }],
    select: { key: true, name: true },
    take: 200,
  });
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}
