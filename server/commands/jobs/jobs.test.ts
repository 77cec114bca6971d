// External jobs through the commands, on the real PostgreSQL and Redis: activation (locks,
// SKIP LOCKED, long poll woken by pub/sub), complete/fail/error/update, lock expiry, incidents.
import crypto from "node:crypto";
import fs from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../authz/actor";
import { redis } from "../../redis";
import { Batcher } from "../../runtime/batcher";
import { deployDefinition } from "../definitions/deploy-definition";
import { createTestRuntime, type TestRuntime } from "../../testing/runtime";
import { retryIncident } from "../incidents/retry-incident";
import { startInstance } from "../instances/start-instance";
import { completeTask } from "../tasks/complete-task";
import { activateJobs } from "./activate-jobs";
import { completeJob } from "./complete-job";
import { failJob } from "./fail-job";
import { JobWaiters } from "./job-waiters";
import { throwJobError } from "./throw-job-error";
import { updateJob } from "./update-job";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "__fixtures__", name), "utf8");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

describe("job commands", () => {
  let rt: TestRuntime;
  let waiters: JobWaiters;
  let worker: Actor;
  beforeAll(async () => {
    rt = await createTestRuntime("jobs");
    await rt.deploy(fixture("job-work.bpmn"));
    await rt.deploy(fixture("job-errors.bpmn"));
    waiters = new JobWaiters(process.env.REDIS_URL!, rt.prefix);
    worker = rt.actors.operator;
    // The shared publisher connects lazily: make sure the first wake is not lost to a cold connection.
    const pub = redis();
    if (pub.status !== "ready") await once(pub, "ready");
  });
  afterAll(async () => {
    await waiters?.close();
    redis().disconnect();
    (globalThis as { __batonRedis?: unknown }).__batonRedis = undefined;
    await rt?.cleanup();
  });
  const deps = () => ({ db: rt.db, queues: rt.queues, waiters });
  const start = (key: string, variables: Record<string, unknown> = {}) => startInstance(rt.actors.admin, { key, variables }, deps());
  const instance = (id: string) => rt.db.processInstance.findUniqueOrThrow({ where: { id } });
  const jobOf = (instanceId: string) => rt.db.job.findFirstOrThrow({ where: { instanceId }, orderBy: { createdAt: "desc" } });
  const audits = (instanceId: string, type: string) => rt.db.auditEvent.count({ where: { chainId: instanceId, type } });

  it("activates a job with its headers and variables, completes it once; a second completion answers 409", async () => {
    const inst = await start("job-work", { orderId: "A-1", amount: 12 });
    const { jobs } = await activateJobs(worker, { type: "work", worker: "w1", maxJobsToActivate: 10, timeout: 30_000 }, deps());
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    expect(job).toMatchObject({ type: "work", instanceId: inst.id, elementId: "work", processKey: "job-work", processVersion: 1, customHeaders: { tier: "gold" }, retries: 3, worker: "w1", variables: { orderId: "A-1", amount: 12 } });
    expect(Date.parse(job.deadline) - Date.now()).toBeGreaterThan(25_000);
    expect((await jobOf(inst.id)).state).toBe("ACTIVATED");
    expect((await activateJobs(worker, { type: "work", worker: "w2" }, deps())).jobs).toEqual([]);

    const done = await completeJob(worker, { jobId: job.key, worker: "w1", variables: { shipped: true } }, deps());
    expect(done).toMatchObject({ jobId: job.key, state: "COMPLETED" });
    const row = await instance(inst.id);
    expect(row.status).toBe("COMPLETED");
    expect((row.variables as Record<string, unknown>).shipped).toBe(true);
    expect((await jobOf(inst.id)).state).toBe("COMPLETED");
    await expect(completeJob(worker, { jobId: job.key, worker: "w1" }, deps())).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
    expect(await audits(inst.id, "job.completed")).toBe(1);
    const completedAudit = await rt.db.auditEvent.findFirstOrThrow({ where: { chainId: inst.id, type: "job.completed" } });
    expect(completedAudit.actorId).toBe(worker.userId);
  });

  it("filters variables by fetchVariables and never hands one job to two concurrent activations", async () => {
    const started = await Promise.all(Array.from({ length: 20 }, (_, i) => start("job-work", { i, secret: "x", keep: i * 2 })));
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((w) => activateJobs(worker, { type: "work", worker: w, maxJobsToActivate: 8, fetchVariables: ["keep"] }, deps())));
    const keys = [...a.jobs, ...b.jobs, ...c.jobs].map((j) => j.key);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
    for (const j of a.jobs) expect(Object.keys(j.variables)).toEqual(["keep"]);
    expect(Math.max(a.jobs.length, b.jobs.length, c.jobs.length)).toBeLessThanOrEqual(8);
    await Promise.all([...a.jobs, ...b.jobs, ...c.jobs].map((j) => completeJob(worker, { jobId: j.key, worker: j.worker }, deps())));
    for (const s of started) expect((await instance(s.id)).status).toBe("COMPLETED");
  });

  it("hands a dead worker's job to the next worker once its lock expires; the late completion answers 409", async () => {
    const inst = await start("job-work");
    const [first] = (await activateJobs(worker, { type: "work", worker: "dead", timeout: 1000 }, deps())).jobs;
    expect(first.instanceId).toBe(inst.id);
    // Before the deadline another worker may not take it, nor complete it.
    expect((await activateJobs(worker, { type: "work", worker: "alive" }, deps())).jobs).toEqual([]);
    await expect(completeJob(worker, { jobId: first.key, worker: "alive" }, deps())).rejects.toMatchObject({ code: "CONFLICT" });
    await sleep(1100);
    const [again] = (await activateJobs(worker, { type: "work", worker: "alive", timeout: 30_000 }, deps())).jobs;
    expect(again.key).toBe(first.key);
    await expect(completeJob(worker, { jobId: first.key, worker: "dead" }, deps())).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining('locked by worker "alive"') });
    await completeJob(worker, { jobId: again.key, worker: "alive" }, deps());
    expect((await instance(inst.id)).status).toBe("COMPLETED");
    expect(await audits(inst.id, "job.completed")).toBe(1);
  });

  it("fails with retries left (hands it out again after the backoff), then raises an incident; the operator's retry makes a new job", async () => {
    const inst = await start("job-work", { attempt: 1 });
    let [job] = (await activateJobs(worker, { type: "work", worker: "w" }, deps())).jobs;
    const failed = await failJob(worker, { jobId: job.key, worker: "w", retries: 2, errorMessage: "ERP timed out", retryBackoff: 600 }, deps());
    expect(failed).toMatchObject({ state: "ACTIVATABLE", retries: 2 });
    const row = await jobOf(inst.id);
    expect(row).toMatchObject({ state: "ACTIVATABLE", retries: 2, errorMessage: "ERP timed out", lockOwner: null });
    expect((await activateJobs(worker, { type: "work", worker: "w" }, deps())).jobs).toEqual([]);
    // A long poll is woken when the backoff ends.
    const t0 = Date.now();
    [job] = (await activateJobs(worker, { type: "work", worker: "w", requestTimeout: 5000 }, deps())).jobs;
    expect(job.key).toBe(row.id);
    expect(job.retries).toBe(2);
    expect(Date.now() - t0).toBeLessThan(1500);
    await failJob(worker, { jobId: job.key, worker: "w", retries: 1, errorMessage: "ERP timed out" }, deps());
    [job] = (await activateJobs(worker, { type: "work", worker: "w" }, deps())).jobs;
    expect(job.retries).toBe(1);
    await expect(failJob(worker, { jobId: job.key, worker: "intruder", retries: 0 }, deps())).rejects.toMatchObject({ code: "CONFLICT" });
    const last = await failJob(worker, { jobId: job.key, worker: "w", retries: 0, errorMessage: "ERP is down" }, deps());
    expect(last).toMatchObject({ state: "FAILED", retries: 0 });
    expect(await jobOf(inst.id)).toMatchObject({ state: "FAILED", retries: 0, errorMessage: "ERP is down", attempts: 3 });
    const inc = await rt.db.incident.findFirstOrThrow({ where: { instanceId: inst.id, status: "OPEN" } });
    expect(inc).toMatchObject({ type: "serviceFailed", elementId: "work" });
    expect(inc.message).toContain("ERP is down");
    expect((await instance(inst.id)).hasIncident).toBe(true);
    expect(await audits(inst.id, "job.failed")).toBe(3);
    await expect(completeJob(worker, { jobId: job.key }, deps())).rejects.toMatchObject({ code: "CONFLICT" });

    // A worker is waiting when the operator retries: it gets the new job at once.
    const waiting = activateJobs(worker, { type: "work", worker: "w", requestTimeout: 10_000 }, deps());
    await sleep(100);
    const t1 = Date.now();
    await retryIncident(rt.actors.operator, { incidentId: inc.id }, deps());
    const [fresh] = (await waiting).jobs;
    expect(Date.now() - t1).toBeLessThan(1500);
    expect(fresh.instanceId).toBe(inst.id);
    expect(fresh.key).not.toBe(job.key);
    expect(fresh.retries).toBe(3);
    await completeJob(worker, { jobId: fresh.key, worker: "w" }, deps());
    const after = await instance(inst.id);
    expect(after).toMatchObject({ status: "COMPLETED", hasIncident: false });
    expect((await rt.db.incident.findUniqueOrThrow({ where: { id: inc.id } })).status).toBe("RESOLVED");
  });

  it("routes a BPMN error to the matching boundary event, and raises an incident naming an uncaught code", async () => {
    const caught = await start("job-charge", { card: "4242" });
    let [job] = (await activateJobs(worker, { type: "charge", worker: "w" }, deps())).jobs;
    const res = await throwJobError(worker, { jobId: job.key, worker: "w", errorCode: "E_DECLINED", errorMessage: "insufficient funds", variables: { declineReason: "funds" } }, deps());
    expect(res.state).toBe("ERROR_THROWN");
    expect((await jobOf(caught.id)).state).toBe("ERROR_THROWN");
    const task = await rt.db.task.findFirstOrThrow({ where: { instanceId: caught.id, status: "OPEN" } });
    expect(task.elementId).toBe("notify");
    expect(((await instance(caught.id)).variables as Record<string, unknown>).declineReason).toBe("funds");
    expect(await audits(caught.id, "job.error_thrown")).toBe(1);
    await completeTask(rt.actors.admin, { taskId: task.id }, deps());
    expect((await instance(caught.id)).status).toBe("COMPLETED");
    await expect(throwJobError(worker, { jobId: job.key, errorCode: "E_DECLINED" }, deps())).rejects.toMatchObject({ code: "CONFLICT" });

    const uncaught = await start("job-charge");
    [job] = (await activateJobs(worker, { type: "charge", worker: "w" }, deps())).jobs;
    await throwJobError(worker, { jobId: job.key, worker: "w", errorCode: "E_FRAUD", errorMessage: "looks like fraud" }, deps());
    const inc = await rt.db.incident.findFirstOrThrow({ where: { instanceId: uncaught.id, status: "OPEN" } });
    expect(inc.type).toBe("unhandledError");
    expect(inc.message).toContain('"E_FRAUD"');
    expect((await instance(uncaught.id)).hasIncident).toBe(true);
  });

  it("updates retries (audited) and extends the lock of the holder only", async () => {
    const inst = await start("job-work");
    const before = await jobOf(inst.id);
    expect(await updateJob(worker, { jobId: before.id, retries: 7 }, deps())).toMatchObject({ state: "ACTIVATABLE", retries: 7, deadline: null });
    expect(await audits(inst.id, "job.updated")).toBe(1);
    await expect(updateJob(worker, { jobId: before.id, timeout: 5000 }, deps())).rejects.toMatchObject({ code: "CONFLICT" });
    const [job] = (await activateJobs(worker, { type: "work", worker: "w", timeout: 2000 }, deps())).jobs;
    expect(job.retries).toBe(7);
    const extended = await updateJob(worker, { jobId: job.key, worker: "w", timeout: 60_000 }, deps());
    expect(Date.parse(extended.deadline!) - Date.now()).toBeGreaterThan(55_000);
    expect(await audits(inst.id, "job.updated")).toBe(1);
    await expect(updateJob(worker, { jobId: job.key, worker: "other", timeout: 60_000 }, deps())).rejects.toMatchObject({ code: "CONFLICT" });
    await sleep(2100);
    // The original deadline has passed, but the extension keeps the job with its worker.
    expect((await activateJobs(worker, { type: "work", worker: "thief" }, deps())).jobs).toEqual([]);
    await completeJob(worker, { jobId: job.key, worker: "w" }, deps());
    await expect(updateJob(worker, { jobId: job.key, retries: 2 }, deps())).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateJob(worker, { jobId: job.key } as never, deps())).rejects.toMatchObject({ name: "ZodError" });
  });

  it("enforces job.work, the organization and the token's job types", async () => {
    const inst = await start("job-work");
    const job = await jobOf(inst.id);
    for (const a of [rt.actors.requester, { ...rt.actors.admin, roles: ["designer" as const] }]) {
      await expect(activateJobs(a, { type: "work", worker: "w" }, deps())).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(completeJob(a, { jobId: job.id }, deps())).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(activateJobs(null, { type: "work", worker: "w" }, deps())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(completeJob(rt.actors.other, { jobId: job.id }, deps())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(failJob(rt.actors.other, { jobId: job.id, retries: 1 }, deps())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await activateJobs(rt.actors.other, { type: "work", worker: "w" }, deps())).jobs).toEqual([]);
    const limited: Actor = { ...worker, via: "token", tokenJobTypes: ["charge"] };
    await expect(activateJobs(limited, { type: "work", worker: "w" }, deps())).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining('"charge"') });
    const [mine] = (await activateJobs(worker, { type: "work", worker: "w" }, deps())).jobs;
    await expect(completeJob(limited, { jobId: mine.key, worker: "w" }, deps())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(throwJobError(limited, { jobId: mine.key, errorCode: "X" }, deps())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateJob(limited, { jobId: mine.key, retries: 1 }, deps())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await completeJob({ ...limited, tokenJobTypes: ["work"] }, { jobId: mine.key, worker: "w" }, deps());
    await expect(activateJobs(worker, { type: "work", worker: "w", maxJobsToActivate: 1001 }, deps())).rejects.toMatchObject({ name: "ZodError" });
    await expect(activateJobs(worker, { type: "work", worker: "w", requestTimeout: 60_001 }, deps())).rejects.toMatchObject({ name: "ZodError" });
  });

  it("long poll: a job created while a request waits is delivered at once (wake latency)", async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const waiting = activateJobs(worker, { type: "work", worker: "lp", requestTimeout: 20_000 }, { ...deps(), recheckMs: 30_000 });
      await sleep(60);
      const t0 = performance.now();
      const inst = await start("job-work");
      const { jobs } = await waiting;
      latencies.push(performance.now() - t0);
      expect(jobs.map((j) => j.instanceId)).toEqual([inst.id]);
      await completeJob(worker, { jobId: jobs[0].key, worker: "lp" }, deps());
    }
    const p50 = pct(latencies, 50);
    const p95 = pct(latencies, 95);
    console.log(`[jobs] long-poll wake latency (start instance -> job delivered), n=${latencies.length}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
    expect(p95).toBeLessThan(2000);
    expect(waiters.size).toBe(0);
  });

  it("long poll: without any publish the re-check still finds the job; it answers [] at the timeout and stops on abort", async () => {
    // A hub on another prefix never hears this test's publishes: only the re-check can find the job.
    const deaf = new JobWaiters(process.env.REDIS_URL!, `${rt.prefix}-deaf`);
    try {
      const waiting = activateJobs(worker, { type: "work", worker: "lp", requestTimeout: 10_000 }, { ...deps(), waiters: deaf, recheckMs: 400 });
      await sleep(50);
      const t0 = Date.now();
      const inst = await start("job-work");
      const { jobs } = await waiting;
      expect(jobs.map((j) => j.instanceId)).toEqual([inst.id]);
      expect(Date.now() - t0).toBeLessThan(2000);
      await completeJob(worker, { jobId: jobs[0].key }, deps());
    } finally {
      await deaf.close();
    }
    const t1 = Date.now();
    expect((await activateJobs(worker, { type: "work", worker: "lp", requestTimeout: 700 }, deps())).jobs).toEqual([]);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(650);
    const ac = new AbortController();
    const t2 = Date.now();
    setTimeout(() => ac.abort(), 200);
    expect((await activateJobs(worker, { type: "work", worker: "lp", requestTimeout: 20_000 }, { ...deps(), signal: ac.signal })).jobs).toEqual([]);
    expect(Date.now() - t2).toBeLessThan(2000);
    expect(waiters.size).toBe(0);
  });

  it("long poll: a batch carrying new jobs of two organizations wakes the workers of both", async () => {
    const [otherDef] = (await deployDefinition(rt.actors.other, { xml: fixture("job-work.bpmn") }, { db: rt.db })).definitions;
    const [ourDef] = await rt.db.processDefinition.findMany({ where: { organizationId: rt.org, key: "job-work" } });
    const opts = { ...deps(), recheckMs: 30_000 };
    const ours = activateJobs(worker, { type: "work", worker: "a", requestTimeout: 10_000 }, opts);
    const theirs = activateJobs(rt.actors.other, { type: "work", worker: "b", requestTimeout: 10_000 }, opts);
    await sleep(100);
    const batcher = new Batcher(rt.db, rt.queues, { maxWaitMs: 50 });
    const t0 = performance.now();
    const startItem = (org: string, definitionId: string) => {
      const instanceId = crypto.randomUUID();
      return { eventId: `start:${instanceId}`, instanceId, organizationId: org, event: { type: "start" as const, processId: "job-work", variables: {} }, start: { definitionId } };
    };
    const outcomes = await Promise.all([batcher.submit(startItem(rt.org, ourDef.id)), batcher.submit(startItem("org_other", otherDef.id))]);
    expect(outcomes.map((o) => o.status)).toEqual(["applied", "applied"]);
    expect(batcher.stats.batches).toBe(1);
    const [a, b] = await Promise.all([ours, theirs]);
    const ms = performance.now() - t0;
    expect(a.jobs).toHaveLength(1);
    expect(b.jobs).toHaveLength(1);
    expect(ms).toBeLessThan(3000);
    await completeJob(worker, { jobId: a.jobs[0].key }, deps());
    await completeJob(rt.actors.other, { jobId: b.jobs[0].key }, deps());
  });
});
