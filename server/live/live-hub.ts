// One Redis subscriber per web process fans live notices out to the open Server-Sent Events
// streams of that process. Each notice is resolved once (one query for its tasks and instances)
// and passed to a listener only with the ids that listener may see — the same rules as the inbox
// and request queries (server/authz/scopes.ts) — so nobody learns of another's task, and another
// organization's notices never reach a listener (one channel per organization).
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { rolesAllow } from "../authz/permissions";
import { sqlPool, db as defaultDb, type Db } from "../db/client";
import { sqlOf } from "../db/sql";
import { env } from "../env";
import { logger } from "../log";
import { createRedis } from "../redis";
import { liveChannel } from "./notices";

export type LiveEvent = { type: "change"; taskIds: string[]; instanceIds: string[] } | { type: "resync" };

interface Listener {
  actor: Actor;
  send(event: LiveEvent): void;
}

interface Hub {
  sub: Redis;
  prefix: string;
  db: Db;
  byOrg: Map<string, Set<Listener>>;
  /** Set after the first connection: a later "ready" is a reconnect (notices may have been missed). */
  connectedOnce: boolean;
}

const holder = globalThis as unknown as { __batonLiveHub?: Hub };

const ZNotice = z.object({
  taskIds: z.array(z.string().max(200)).max(10_000),
  instanceIds: z.array(z.string().max(200)).max(10_000),
  users: z.array(z.string().max(200)).max(100).optional(),
});

interface TaskFacts { id: string; instanceId: string; assigneeId: string | null; candidateUsers: string[]; candidateGroups: string[]; completedById: string | null; startedById: string | null }
interface InstanceFacts { id: string; startedById: string | null }

function hub(db: Db): Hub {
  if (holder.__batonLiveHub) return holder.__batonLiveHub;
  const e = env();
  const h: Hub = { sub: createRedis(e.REDIS_URL, { forBullmq: true }), prefix: e.REDIS_PREFIX, db, byOrg: new Map(), connectedOnce: false };
  holder.__batonLiveHub = h;
  h.sub.on("error", (err) => logger.warn({ err: err.message }, "live hub: redis error; open pages catch up when it is back"));
  h.sub.on("ready", () => {
    const channels = [...h.byOrg.keys()].map((org) => liveChannel(h.prefix, org));
    if (channels.length) h.sub.subscribe(...channels).catch((err: Error) => logger.warn({ err: err.message }, "live hub: subscribe failed"));
    // notices sent while the connection was down are lost: every open page re-fetches once
    if (h.connectedOnce) for (const set of h.byOrg.values()) for (const l of set) l.send({ type: "resync" });
    h.connectedOnce = true;
  });
  h.sub.on("message", (channel: string, message: string) => {
    const org = channel.slice(`${h.prefix}:live:`.length);
    const listeners = h.byOrg.get(org);
    if (!listeners?.size) return;
    const parsed = ZNotice.safeParse(safeJson(message));
    if (!parsed.success) return;
    dispatch(h, org, parsed.data, [...listeners]).catch((err: Error) => logger.warn({ err: err.message }, "live hub: a notice could not be resolved"));
  });
  return h;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function dispatch(h: Hub, org: string, notice: z.infer<typeof ZNotice>, listeners: Listener[]): Promise<void> {
  const sql = sqlOf(sqlPool(h.db));
  const tasks = notice.taskIds.length
    ? await sql.query<TaskFacts>(
      `SELECT t.id, t."instanceId", t."assigneeId", t."candidateUsers", t."candidateGroups", t."completedById", i."startedById"
         FROM "Task" t JOIN "ProcessInstance" i ON i.id = t."instanceId"
        WHERE t.id = ANY($1::text[]) AND t."organizationId" = $2`, notice.taskIds, org)
    : [];
  const instances = notice.instanceIds.length
    ? await sql.query<InstanceFacts>(`SELECT id, "startedById" FROM "ProcessInstance" WHERE id = ANY($1::text[]) AND "organizationId" = $2`, notice.instanceIds, org)
    : [];
  for (const l of listeners) {
    const event = visibleTo(l.actor, tasks, instances, notice.users ?? []);
    if (event) l.send(event);
  }
}

/** The ids of a notice this actor may see (null: nothing). Mirrors visibleTasks / visibleRequests. */
export function visibleTo(actor: Actor, tasks: readonly TaskFacts[], instances: readonly InstanceFacts[], told: readonly string[]): LiveEvent | null {
  const all = actor.roles.includes("admin") || actor.roles.includes("operator");
  const me = actor.userId;
  const groups = new Set(actor.groups);
  const taskIds: string[] = [];
  const viaTask = new Set<string>();
  for (const t of tasks) {
    const mine = all || t.assigneeId === me || t.completedById === me || t.candidateUsers.includes(me)
      || t.candidateGroups.some((g) => groups.has(g)) || t.startedById === me || told.includes(me);
    if (!mine) continue;
    taskIds.push(t.id);
    viaTask.add(t.instanceId);
  }
  const readsInstances = rolesAllow(actor.roles, "instance.read");
  const instanceIds = instances.filter((i) => readsInstances || i.startedById === me || viaTask.has(i.id)).map((i) => i.id);
  // a person told by name (a notification for them, a task taken from them) refreshes even without ids
  if (taskIds.length === 0 && instanceIds.length === 0 && !told.includes(me)) return null;
  return { type: "change", taskIds, instanceIds };
}

/** Registers a stream; returns the function that removes it. */
export function subscribeLive(actor: Actor, send: (event: LiveEvent) => void, db: Db = defaultDb()): () => void {
  const h = hub(db);
  const listener: Listener = { actor, send };
  let set = h.byOrg.get(actor.organizationId);
  if (!set) {
    set = new Set();
    h.byOrg.set(actor.organizationId, set);
    h.sub.subscribe(liveChannel(h.prefix, actor.organizationId)).catch((err: Error) => logger.warn({ err: err.message }, "live hub: subscribe failed; it is retried on reconnect"));
  }
  set.add(listener);
  return () => {
    const current = h.byOrg.get(actor.organizationId);
    if (!current) return;
    current.delete(listener);
    if (current.size === 0) {
      h.byOrg.delete(actor.organizationId);
      h.sub.unsubscribe(liveChannel(h.prefix, actor.organizationId)).catch(() => undefined);
    }
  };
}

/** Open streams of this process (tests, metrics). */
export function liveListenerCount(): number {
  let n = 0;
  for (const set of holder.__batonLiveHub?.byOrg.values() ?? []) n += set.size;
  return n;
}

/** Drops every stream and the subscriber connection (tests, shutdown). */
export function closeLiveHub(): void {
  holder.__batonLiveHub?.sub.disconnect();
  delete holder.__batonLiveHub;
}
