// 1,000 instances of a parallel fork/join with a 1-second timer and a service task against a
// stub that fails 30 % of calls — plainly, with worker processes SIGKILLed twice, and with
// FLUSHALL on Redis in the middle. Every instance completes; the audit log holds exactly one
// event per transition; no timer fires twice and no job completes twice.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { CompiledModel } from "../../engine";
import { startWorker } from "../../worker/start-worker";
import { createRedis } from "../redis";
import { startStub, type Stub } from "../testing/stub-server";
import { createTestRuntime, waitFor } from "../testing/runtime";
import { assertExactlyOnce as exactlyOnce, completedCount, expectedTransitions, startMany as startN, timerLatenessMs, waitAllCompleted as allCompleted } from "../testing/durability";
import { freePort } from "../testing/free-port";

const N = Number(process.env.DURABILITY_INSTANCES ?? 1000);
const startMany = (rt: Parameters<typeof startN>[0], stub: Stub) => startN(rt, stub, N);
const waitAllCompleted = (rt: Parameters<typeof allCompleted>[0]) => allCompleted(rt, N);
const assertExactlyOnce = (rt: Parameters<typeof exactlyOnce>[0], perInstance: number) => exactlyOnce(rt, perInstance, N);
const root = path.resolve(import.meta.dirname, "../..");
const xml = fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/fork-timer-service.bpmn"), "utf8");

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
