// Timers: thousands of intermediate timer events falling due within the same minute, fired by one
// worker process; how late they fire (Timer.firedAt − dueAt), and how long the reconciler takes to
// re-create their jobs after Redis loses them all (FLUSHALL).
//
// Everything here runs against a PRIVATE redis-server on a spare port: FLUSHALL on the shared
// Redis would wipe other people's data. The bench database is the run's as usual.
import type { Redis } from "ioredis";
import { openBaton, openQueues, spawnWorker, startInstances, startPrivateRedis, waitUntil, type Baton, type WorkerProcess } from "../harness/baton";
import type { Scenario, ScenarioContext } from "../harness/types";

const MODEL = "timer.bpmn";
const PREFIX = "baton-bench-timers";
/** worker/main.ts's default (server/env.ts RECONCILE_INTERVAL_MS), stated for the worker we spawn. */
const RECONCILE_MS = 2000;

const scenario: Scenario = {
  name: "timers",
  description:
    "start -> timer (FEEL duration from a variable) -> end; N timers due spread over a window, one worker process (defaults, reconcile every 2 s), " +
    "private redis-server: lateness = Timer.firedAt - dueAt; then N more timers, FLUSHALL, and the time until every timer job is back in Redis",
  requires: ["postgres"],
  async run(ctx) {
    const count = ctx.pick({ tiny: 50, quick: 1000, full: 10_000 });
    const spreadMs = ctx.pick({ tiny: 2000, quick: 10_000, full: 30_000 });
    // Time to start all instances before the first timer falls due (timers are scheduled from a
    // target time, so a slow start phase shortens the lead instead of moving the timers).
    const leadMs = ctx.pick({ tiny: 3000, quick: 8000, full: 40_000 });

    const redis = await startPrivateRedis(ctx.signal);
    const baton = await openBaton(ctx);
    let worker: WorkerProcess | undefined;
    const q = await openQueues(redis.url, PREFIX);
    try {
      const definition = await baton.deploy(MODEL);
      worker = await spawnWorker(ctx.repoRoot, {
        databaseUrl: ctx.postgres.url,
        redisUrl: redis.url,
        prefix: PREFIX,
        label: "timers worker",
        env: { RECONCILE_INTERVAL_MS: String(RECONCILE_MS) },
        signal: ctx.signal,
      });

      // 1. Lateness: N timers due in [lead, lead + spread] from now.
      const first = await scheduleTimers(ctx, baton, q.queues, definition, count, leadMs, spreadMs);
      await waitFired(ctx, baton, first, spreadMs + leadMs);
      const lateness = await latenessMs(baton, first.ids);
      ctx.record.latency("baton.timer.lateness", lateness, { target: { max: 1000 } });

      // 2. Recovery: N more timers, far enough out that none fires before the flush is repaired;
      // FLUSHALL as soon as every job is in Redis; then wait until the reconciler has them all back.
      const recoveryLeadMs = leadMs + RECONCILE_MS * 3;
      const second = await scheduleTimers(ctx, baton, q.queues, definition, count, recoveryLeadMs, spreadMs);
      const timerIds = await timerIdsOf(baton, second.ids);
      await waitUntil(async () => {
        const present = await jobsPresent(q.redis, q.queues.timer.toKey.bind(q.queues.timer), timerIds);
        return { done: present === timerIds.length ? true : undefined, progress: present };
      }, { what: "every timer job to be published", stallMs: 30_000, signal: ctx.signal });
      if (Date.now() >= second.firstDueAt) {
        throw new Error(`starting ${count} instances took longer than the ${recoveryLeadMs} ms lead: timers fell due before the flush`);
      }
      const admin = q.redis;
      // Proof that the flush happened: a sentinel key, not the timer jobs (the reconciler may
      // already be putting those back by the time they are counted).
      const sentinel = `baton-bench-flush-sentinel-${process.pid}`;
      await admin.set(sentinel, "1");
      await admin.flushall();
      const flushedAt = performance.now();
      if ((await admin.exists(sentinel)) !== 0) throw new Error("FLUSHALL did not empty the private redis-server");
      await waitUntil(async () => {
        const present = await jobsPresent(q.redis, q.queues.timer.toKey.bind(q.queues.timer), timerIds);
        return { done: present === timerIds.length ? true : undefined, progress: present };
      }, { what: `the reconciler to re-create ${timerIds.length} timer jobs after FLUSHALL`, stallMs: RECONCILE_MS * 5, intervalMs: 20, signal: ctx.signal });
      const recreateMs = performance.now() - flushedAt;
      ctx.log(`re-created ${timerIds.length} timer jobs ${recreateMs.toFixed(0)} ms after FLUSHALL (reconcile interval ${RECONCILE_MS} ms)`);
      ctx.record.value("baton.timer.recreate-after-flushall", recreateMs, "ms");
      await waitFired(ctx, baton, second, spreadMs + recoveryLeadMs);
      ctx.record.latency("baton.timer.lateness.after-flushall", await latenessMs(baton, second.ids));
    } finally {
      await worker?.stop();
      await q.close();
      await baton.close();
      await redis.stop();
    }
  },
};

export default scenario;

interface Scheduled {
  ids: string[];
  firstDueAt: number;
}

/** Starts `count` instances whose timers fall due evenly over [now + lead, now + lead + spread]. */
async function scheduleTimers(
  ctx: ScenarioContext,
  baton: Baton,
  queues: Awaited<ReturnType<typeof openQueues>>["queues"],
  definition: { id: string; key: string },
  count: number,
  leadMs: number,
  spreadMs: number,
): Promise<Scheduled> {
  const t0 = Date.now() + leadMs;
  const dueAt = (i: number) => t0 + (count > 1 ? (spreadMs * i) / (count - 1) : 0);
  const started = performance.now();
  const ids = await startInstances(baton.db, queues, baton.admin, {
    definition,
    count,
    // The duration is computed when the start is submitted, so the timer falls due at dueAt(i)
    // however long the start phase takes (ms precision: the engine's clock is the batch's).
    variables: (i) => ({ delayMs: Math.max(0, Math.round(dueAt(i) - Date.now())) }),
    chunk: 100,
    parallel: 2,
    signal: ctx.signal,
  });
  const tookMs = performance.now() - started;
  ctx.log(`${count} timers scheduled in ${(tookMs / 1000).toFixed(1)} s, due over ${spreadMs / 1000} s from ${leadMs / 1000} s after the first start`);
  if (tookMs > leadMs) ctx.log(`warning: starting took longer than the ${leadMs} ms lead; the first timers fell due while instances were still starting`);
  return { ids, firstDueAt: t0 };
}

async function waitFired(ctx: ScenarioContext, baton: Baton, s: Scheduled, windowMs: number): Promise<void> {
  await waitUntil(
    async () => {
      const [row] = await baton.db.$queryRawUnsafe<{ done: number }[]>(
        `SELECT count(*)::int AS done FROM "ProcessInstance" WHERE id = ANY($1::text[]) AND status = 'COMPLETED'`,
        s.ids,
      );
      return { done: row!.done === s.ids.length ? true : undefined, progress: Date.now() < s.firstDueAt ? -1 : row!.done };
    },
    { what: `${s.ids.length} timers to fire`, stallMs: Math.max(30_000, windowMs), intervalMs: 250, signal: ctx.signal },
  );
}

async function timerIdsOf(baton: Baton, instanceIds: string[]): Promise<string[]> {
  const rows = await baton.db.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Timer" WHERE "instanceId" = ANY($1::text[])`, instanceIds);
  if (rows.length !== instanceIds.length) throw new Error(`expected ${instanceIds.length} timers, found ${rows.length}`);
  return rows.map((r) => r.id);
}

/** How many of the timers' BullMQ jobs (job id = timer id) exist in Redis. */
async function jobsPresent(redis: Redis, toKey: (id: string) => string, timerIds: string[]): Promise<number> {
  const pipe = redis.pipeline();
  for (const id of timerIds) pipe.exists(toKey(id));
  const res = (await pipe.exec()) ?? [];
  return res.reduce((n, [, v]) => n + (Number(v) > 0 ? 1 : 0), 0);
}

/** Timer.firedAt − dueAt per timer, in ms (both written by PostgreSQL/the engine in UTC). */
async function latenessMs(baton: Baton, instanceIds: string[]): Promise<number[]> {
  const rows = await baton.db.$queryRawUnsafe<{ ms: number }[]>(
    `SELECT (extract(epoch FROM ("firedAt" - "dueAt")) * 1000)::float8 AS ms FROM "Timer" WHERE "instanceId" = ANY($1::text[])`,
    instanceIds,
  );
  if (rows.length !== instanceIds.length || rows.some((r) => r.ms === null)) throw new Error("a timer has not fired");
  // A timer fired "early" by less than the clock's ms rounding counts as on time.
  return rows.map((r) => Math.max(0.001, r.ms));
}
