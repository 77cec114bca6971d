// 1,000 instances of a parallel fork/join with a 1-second timer and a service task against a
// stub that fails 30 % of calls — plainly, with worker processes SIGKILLed twice, and with
// FLUSHALL on Redis in the middle. Every instance completes; the audit log holds exactly one
// event per transition; no timer fires twice and no job completes twice.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { step, type CompiledModel, type Effect, type InstanceState } from "../../engine";
import { startWorker } from "../../worker/start-worker";
import { startInstance } from "../commands/instances/start-instance";
import { createRedis } from "../redis";
import { startStub, type Stub } from "../testing/stub-server";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";
import { freePort } from "../testing/free-port";

const N = Number(process.env.DURABILITY_INSTANCES ?? 1000);
const root = path.resolve(import.meta.dirname, "../..");
const xml = fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/fork-timer-service.bpmn"), "utf8");

/** Transition facts of one instance, run in memory by the pure engine: the audit must match. */
function expectedTransitions(model: CompiledModel): number {
  const ctx = { now: () => 0, newId: () => crypto.randomUUID() };
  let r = step(model, null, { type: "start", variables: { n: 1, stubUrl: "x" } }, ctx);
  let count = r.effects.filter((e) => e.type === "transition").length;
  const find = <T extends Effect["type"]>(t: T) => r.effects.find((e) => e.type === t) as Extract<Effect, { type: T }>;
  const timerId = find("scheduleTimer").timerId;
  const jobId = find("callService").jobId;
  let state: InstanceState = r.state;
  r = step(model, state, { type: "serviceCompleted", jobId, result: {} }, ctx);
  count += r.effects.filter((e) => e.type === "transition").length;
  state = r.state;
  r = step(model, state, { type: "timerFired", timerId }, ctx);
  count += r.effects.filter((e) => e.type === "transition").length;
  expect(r.state.status).toBe("completed");
  return count;
}

async function startMany(rt: TestRuntime, stub: Stub): Promise<string[]> {
  const ids: string[] = [];
  const deps = { db: rt.db, queues: rt.queues };
  for (let i = 0; i < N; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, N - i) }, (_, k) => startInstance(rt.actors.admin, { key: "fork-timer-service", variables: { n: i + k, stubUrl: stub.url } }, deps)),
    );
    ids.push(...batch.map((b) => b.id));
  }
  return ids;
}

const completedCount = (rt: TestRuntime) => rt.db.processInstance.count({ where: { status: "COMPLETED" } });

/** What is left when instances do not complete: enough to tell a stuck outbox from a lost job. */
async function describeStuck(rt: TestRuntime): Promise<string> {
  const q = <T,>(sql: string) => rt.db.$queryRawUnsafe<T[]>(sql);
  const parts = {
    instances: await q(`SELECT status, count(*)::int AS n FROM "ProcessInstance" GROUP BY status`),
    jobs: await q(`SELECT state, count(*)::int AS n FROM "Job" GROUP BY state`),
    incidents: await q(`SELECT count(*)::int AS n FROM "Incident"`),
    timersUnfired: await q(`SELECT count(*)::int AS n, min("dueAt") AS "oldestDue" FROM "Timer" WHERE "firedAt" IS NULL`),
    outbox: await q(`SELECT queue, name, count(*)::int AS n, min("createdAt") AS oldest, max(attempts) AS attempts FROM "OutboxJob" GROUP BY queue, name`),
    sample: await q(`SELECT i.id, i.status, i.version, i.state->'tokens' AS tokens,
        (SELECT json_agg(json_build_object('id', j.id, 'state', j.state, 'retries', j.retries, 'attempts', j.attempts, 'lockExpiresAt', j."lockExpiresAt", 'availableAt', j."availableAt")) FROM "Job" j WHERE j."instanceId" = i.id) AS jobs,
        (SELECT json_agg(json_build_object('id', t.id, 'due', t."dueAt", 'fired', t."firedAt")) FROM "Timer" t WHERE t."instanceId" = i.id) AS timers
      FROM "ProcessInstance" i WHERE i.status <> 'COMPLETED' LIMIT 3`),
  };
  return JSON.stringify(parts, null, 1);
}

async function waitAllCompleted(rt: TestRuntime, timeoutMs = 150_000) {
  try {
    await waitFor(async () => (await completedCount(rt)) === N, timeoutMs, `all ${N} instances to complete`);
  } catch (err) {
    console.error(`[durability] not all instances completed:\n${await describeStuck(rt).catch((e) => String(e))}`);
    throw err;
  }
}

async function assertExactlyOnce(rt: TestRuntime, perInstance: number) {
  const transitions = await rt.db.auditEvent.count({ where: { type: "element.transition" } });
  expect(transitions).toBe(perInstance * N);
  const perChain = await rt.db.$queryRawUnsafe<{ n: number; c: number }[]>(
    `SELECT count(*)::int AS n, c FROM (SELECT "chainId", count(*)::int AS c FROM "AuditEvent" WHERE type = 'element.transition' GROUP BY "chainId") x GROUP BY c`,
  );
  expect(perChain).toEqual([{ n: N, c: perInstance }]);
  const dupes = await rt.db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "AuditEvent" WHERE type = 'element.transition'
     GROUP BY "chainId", "elementId", payload->>'transition', payload->>'tokenId', payload->>'elementType' HAVING count(*) > 1) d`,
  );
  expect(dupes[0].n).toBe(0);
  expect(await rt.db.auditEvent.count({ where: { type: "timer.fired" } })).toBe(N);
  expect(await rt.db.auditEvent.count({ where: { type: "job.completed" } })).toBe(N);
  expect(await rt.db.timer.count({ where: { firedAt: null } })).toBe(0);
  expect(await rt.db.job.count({ where: { state: { not: "COMPLETED" } } })).toBe(0);
  expect(await rt.db.outboxJob.count()).toBe(0);
}

async function timerLatenessMs(rt: TestRuntime): Promise<{ p50: number; max: number }> {
  const rows = await rt.db.$queryRawUnsafe<{ p50: number; max: number }[]>(
    `SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::float AS p50, max(ms)::float AS max
     FROM (SELECT EXTRACT(EPOCH FROM ("firedAt" - "dueAt")) * 1000 AS ms FROM "Timer") x`,
  );
  return rows[0];
}

describe.sequential(`durability with ${N} instances`, { timeout: 240_000 }, () => {
  let stub: Stub;
  let redisPort: number;
  let redisProc: ChildProcess;
  let redisUrl: string;

  beforeAll(async () => {
    stub = await startStub(3);
    redisPort = await freePort();
    // A private Redis: this file FLUSHALLs it, which must not touch other test files' keys.
    redisProc = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
    redisUrl = `redis://127.0.0.1:${redisPort}`;
    await new Promise((r) => setTimeout(r, 300));
    process.env.REDIS_URL = redisUrl;
  });
  afterAll(async () => {
    await stub?.close();
    redisProc?.kill("SIGKILL");
  });

  async function runtimeWithModel(label: string) {
    const rt = await createTestRuntime(label);
    const [def] = await rt.deploy(xml);
    const row = await rt.db.processDefinition.findUniqueOrThrow({ where: { id: def.id } });
    return { rt, perInstance: expectedTransitions(row.model as unknown as CompiledModel) };
  }

  it("completes every instance with one audit event per transition", async () => {
    const { rt, perInstance } = await runtimeWithModel("dur_plain");
    const worker = await startWorker({ db: rt.db, redisUrl, prefix: rt.prefix, workerId: "w-plain", reconcileMs: 500 });
    try {
      const started = Date.now();
      await startMany(rt, stub);
      await waitAllCompleted(rt);
      const lateness = await timerLatenessMs(rt);
      console.log(`[durability] plain: ${N} instances in ${Date.now() - started} ms; ${worker.batcher.stats.batches} batches for ${worker.batcher.stats.events} events; timer lateness p50 ${lateness.p50.toFixed(0)} ms, max ${lateness.max.toFixed(0)} ms`);
      await assertExactlyOnce(rt, perInstance);
    } finally {
      await worker.stop();
      await rt.cleanup();
    }
  });

  it("survives the worker process being SIGKILLed twice mid-run", async () => {
    const { rt, perInstance } = await runtimeWithModel("dur_kill");
    // DURABILITY_WORKER_LOG=file keeps the killed workers' logs (at LOG_LEVEL, default error).
    const logFile = process.env.DURABILITY_WORKER_LOG;
    const spawnWorker = () =>
      // One process (not the tsx wrapper + a child): SIGKILL must hit the worker itself.
      spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
        cwd: root,
        stdio: logFile ? ["ignore", fs.openSync(logFile, "a"), fs.openSync(logFile, "a")] : "ignore",
        env: { ...process.env, DATABASE_URL: rt.t.url, REDIS_URL: redisUrl, REDIS_PREFIX: rt.prefix, RECONCILE_INTERVAL_MS: "500", WORKER_JOB_LOCK_MS: "2000", SERVICE_CALL_LOCK_MS: "3000", LOG_LEVEL: process.env.DURABILITY_LOG_LEVEL ?? "error" },
      });
    let proc = spawnWorker();
    try {
      await startMany(rt, stub);
      // DURABILITY_KILL_AT=0.1,0.2,… kills more often (a stress run); CI kills twice.
      const killAt = (process.env.DURABILITY_KILL_AT ?? "0.25,0.6").split(",").map(Number);
      for (const share of killAt) {
        await waitFor(async () => (await completedCount(rt)) >= N * share, 120_000, `${share * 100}% done`);
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGKILL");
        await exited;
        console.log(`[durability] worker SIGKILLed at ${new Date().toISOString()} with ${await completedCount(rt)} of ${N} completed`);
        proc = spawnWorker();
      }
      await waitAllCompleted(rt);
      await assertExactlyOnce(rt, perInstance);
    } finally {
      proc.kill("SIGKILL");
      await rt.cleanup();
    }
  });

  it("survives FLUSHALL on Redis mid-run: every timer still fires, nothing runs twice", async () => {
    const { rt, perInstance } = await runtimeWithModel("dur_flush");
    const reconcileMs = 500;
    const worker = await startWorker({ db: rt.db, redisUrl, prefix: rt.prefix, workerId: "w-flush", reconcileMs });
    const admin = createRedis(redisUrl, { forBullmq: true });
    try {
      await startMany(rt, stub);
      await waitFor(async () => (await completedCount(rt)) >= N * 0.3, 120_000, "30% done");
      await admin.flushall();
      await waitAllCompleted(rt);
      const lateness = await timerLatenessMs(rt);
      console.log(`[durability] flushall: timer lateness p50 ${lateness.p50.toFixed(0)} ms, max ${lateness.max.toFixed(0)} ms (reconcile every ${reconcileMs} ms)`);
      await assertExactlyOnce(rt, perInstance);
    } finally {
      admin.disconnect();
      await worker.stop();
      await rt.cleanup();
    }
  });
});
