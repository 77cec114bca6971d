// "My requests": the instances the actor started, newest first, each with its status and the
// step(s) it waits on. Keyset paging on (startedAt, id); the inbox shows it as a tab.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { afterCursor, toPage, ZPaging } from "../paging";
import { loadNames, namesNeeded, OPEN_TASK_SELECT, requestStatus, waitingStep, type TRequestStatus, type TWaitingStep } from "./request-view";

export const ZListMyRequests = z.object({ limit: ZPaging.limit.default(25), cursor: ZPaging.cursor });

export interface TMyRequest {
  id: string;
  process: { key: string; name: string; version: number };
  businessKey: string | null;
  status: TRequestStatus;
  startedAt: string;
  endedAt: string | null;
  /** Open tasks, oldest first; empty when finished or waiting on the system. */
  waitingOn: TWaitingStep[];
}

export async function listMyRequests(
  actor: Actor | null,
  query: { cursor?: string; limit?: number } = {},
  deps: { db?: Db } = {},
): Promise<{ items: TMyRequest[]; nextCursor: string | null }> {
  // Any signed-in person may list what they started themselves; nothing else is shown.
  if (!actor) throw new BatonError("UNAUTHENTICATED", "Sign in first.");
  const parsed = ZListMyRequests.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BatonError("VALIDATION", `${issue.path.join(".")}: ${issue.message}`, { fields: [{ field: issue.path.join("."), message: issue.message }] });
  }
  const { limit, cursor } = parsed.data;
  const db = deps.db ?? defaultDb();
  const rows = await db.processInstance.findMany({
    where: { AND: [{ organizationId: actor.organizationId, startedById: actor.userId }, afterCursor("startedAt", cursor)] },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, businessKey: true, status: true, hasIncident: true, startedAt: true, endedAt: true, definition: { select: { key: true, name: true, version: true } } },
  });
  const ids = rows.slice(0, limit).map((r) => r.id);
  const tasks = ids.length
    ? await db.task.findMany({ where: { organizationId: actor.organizationId, instanceId: { in: ids }, status: "OPEN" }, orderBy: { createdAt: "asc" }, select: OPEN_TASK_SELECT })
    : [];
  const need = namesNeeded(tasks);
  const names = await loadNames(db, actor.organizationId, need.users, need.groups);
  const byInstance = new Map<string, TWaitingStep[]>();
  for (const t of tasks) byInstance.set(t.instanceId, [...(byInstance.get(t.instanceId) ?? []), waitingStep(t, names)]);
  return toPage(
    rows,
    limit,
    (r) => ({ at: r.startedAt, id: r.id }),
    (r) => ({
      id: r.id,
      process: r.definition,
      businessKey: r.businessKey,
      status: requestStatus(r.status, r.hasIncident),
      startedAt: r.startedAt.toISOString(),
      endedAt: r.endedAt?.toISOString() ?? null,
      waitingOn: byInstance.get(r.id) ?? [],
    }),
  );
}
