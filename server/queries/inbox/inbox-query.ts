// The inbox's views, filters, sort orders and keyset cursors, as data: one place builds the
// Prisma `where` and `orderBy` for a view, so the list and its counts can never disagree.
// Visibility (visibleTasks) is always one of the AND terms, whatever the view says.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { visibleTasks } from "../../authz/scopes";
import type { Prisma } from "../../db/generated/client";
import { BatonError } from "../../errors";
import { taskVariableTerms, type VariableFilter } from "../variables/variable-filter";

export const TASK_VIEWS = ["assigned", "offered", "done", "all"] as const;
export const INBOX_VIEWS = ["assigned", "offered", "requests", "done", "all"] as const;
export type TaskView = (typeof TASK_VIEWS)[number];
export type InboxView = (typeof INBOX_VIEWS)[number];
export const INBOX_SORTS = ["due", "priority", "created"] as const;
export type InboxSort = (typeof INBOX_SORTS)[number] | "completed";

const ZInt = z.coerce.number().int().min(-1_000_000).max(1_000_000);

/** The inbox's URL search params; each bad one is dropped and reported, never a 500. */
export const ZInboxParams = z.object({
  view: z.enum(INBOX_VIEWS).optional(),
  sort: z.enum(INBOX_SORTS).optional(),
  q: z.string().trim().max(100, "search: at most 100 characters").optional(),
  process: z.string().trim().min(1).max(255).optional(),
  pmin: ZInt.optional(),
  pmax: ZInt.optional(),
  overdue: z.enum(["1", "true", "on"]).transform(() => true).optional(),
  /** Process-variable filters, e.g. `amount > 5000 and department = "R&D"` (server/queries/variables). */
  vars: z.string().trim().max(500, "variables: at most 500 characters").optional(),
  cursor: z.string().min(1).max(300).optional(),
});
export type TInboxParams = z.output<typeof ZInboxParams>;

export interface TInboxFilters {
  q?: string;
  process?: string;
  pmin?: number;
  pmax?: number;
  overdue?: boolean;
  vars?: VariableFilter[];
}

/** Parses search params field by field: a bad field is left out and named in `problems`. */
export function parseInboxParams(raw: Record<string, string | string[] | undefined>): { params: TInboxParams; problems: string[] } {
  const params: Record<string, unknown> = {};
  const problems: string[] = [];
  const shape = ZInboxParams.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    const value = Array.isArray(raw[key]) ? raw[key][0] : raw[key];
    if (value === undefined || value === "") continue;
    const r = shape[key].safeParse(value);
    if (r.success) params[key] = r.data;
    else problems.push(`${key}: ${r.error.issues[0]?.message ?? "invalid"} — ignored`);
  }
  return { params: params as TInboxParams, problems };
}

export function isManager(actor: Actor): boolean {
  return actor.roles.includes("admin") || actor.roles.includes("operator");
}

/** Which rows a view holds (besides visibility). */
export function viewWhere(actor: Actor, view: TaskView): Prisma.TaskWhereInput {
  switch (view) {
    case "assigned":
      return { status: "OPEN", assigneeId: actor.userId };
    case "offered":
      return {
        status: "OPEN",
        assigneeId: null,
        OR: [{ candidateUsers: { has: actor.userId } }, ...(actor.groups.length ? [{ candidateGroups: { hasSome: actor.groups } }] : [])],
      };
    case "done":
      return { status: "COMPLETED", completedById: actor.userId };
    case "all":
      if (!isManager(actor)) throw new BatonError("FORBIDDEN", "Only operators and admins see all open tasks.");
      return { status: "OPEN" };
  }
}

/**
 * The filters as AND terms. A process-variable filter (typed variable index) is meant to be one
 * more term here — an `EXISTS` on the index joined by task id — so sorting and paging stay as they are.
 */
export function filterTerms(filters: TInboxFilters, now: Date): Prisma.TaskWhereInput[] {
  const terms: Prisma.TaskWhereInput[] = [];
  if (filters.q) {
    terms.push({ OR: [{ name: { contains: filters.q, mode: "insensitive" } }, { instance: { businessKey: { contains: filters.q, mode: "insensitive" } } }] });
  }
  if (filters.process) terms.push({ instance: { definition: { key: filters.process } } });
  if (filters.pmin !== undefined || filters.pmax !== undefined) {
    terms.push({ priority: { ...(filters.pmin !== undefined ? { gte: filters.pmin } : {}), ...(filters.pmax !== undefined ? { lte: filters.pmax } : {}) } });
  }
  if (filters.overdue) terms.push({ status: "OPEN", dueAt: { lt: now } });
  if (filters.vars?.length) terms.push(...taskVariableTerms(filters.vars));
  return terms;
}

export function taskWhere(actor: Actor, view: TaskView, filters: TInboxFilters, now: Date): Prisma.TaskWhereInput {
  return { AND: [visibleTasks(actor), viewWhere(actor, view), ...filterTerms(filters, now)] };
}

// --- sort orders and keyset cursors --------------------------------------------------------

interface CursorKey {
  sort: InboxSort;
  /** The sort column's value of the last row: ISO date, number, or null (no due date). */
  value: string | number | null;
  id: string;
}

export function encodeInboxCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.sort, key.value, key.id])).toString("base64url");
}

export function decodeInboxCursor(cursor: string, sort: InboxSort): CursorKey {
  try {
    const [s, value, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, unknown, unknown];
    if (s !== sort || typeof id !== "string") throw new Error("cursor of another order");
    if (sort === "priority" ? typeof value !== "number" : value !== null && (typeof value !== "string" || Number.isNaN(Date.parse(value)))) throw new Error("bad value");
    if (value === null && sort !== "due") throw new Error("bad value");
    return { sort, value: value as string | number | null, id };
  } catch {
    throw new BatonError("VALIDATION", "cursor: not a cursor of this list and order; start from the first page", { fields: [{ field: "query.cursor", message: "invalid cursor" }] });
  }
}

export function orderByFor(sort: InboxSort): Prisma.TaskOrderByWithRelationInput[] {
  switch (sort) {
    case "due":
      return [{ dueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }];
    case "priority":
      return [{ priority: "desc" }, { id: "asc" }];
    case "created":
      return [{ createdAt: "desc" }, { id: "desc" }];
    case "completed":
      return [{ completedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }];
  }
}

/** Rows strictly after the cursor in `orderByFor(sort)` order. */
export function afterKey(key: CursorKey | null): Prisma.TaskWhereInput {
  if (!key) return {};
  const { value, id } = key;
  switch (key.sort) {
    case "due":
      // Nulls come last: after a dated row come later dates, then every undated row.
      if (value === null) return { dueAt: null, id: { gt: id } };
      return { OR: [{ dueAt: { gt: new Date(value) } }, { dueAt: new Date(value), id: { gt: id } }, { dueAt: null }] };
    case "priority":
      return { OR: [{ priority: { lt: value as number } }, { priority: value as number, id: { gt: id } }] };
    case "created":
      return { OR: [{ createdAt: { lt: new Date(value as string) } }, { createdAt: new Date(value as string), id: { lt: id } }] };
    case "completed":
      return { OR: [{ completedAt: { lt: new Date(value as string) } }, { completedAt: new Date(value as string), id: { lt: id } }] };
  }
}

export function keyOf(sort: InboxSort, row: { id: string; dueAt: Date | null; priority: number; createdAt: Date; completedAt: Date | null }): CursorKey {
  const value =
    sort === "due" ? row.dueAt?.toISOString() ?? null
    : sort === "priority" ? row.priority
    : sort === "created" ? row.createdAt.toISOString()
    : (row.completedAt ?? row.createdAt).toISOString();
  return { sort, value, id: row.id };
}
