// A job whose worker died while holding it: when its lock expires it is released, and a
// service call (run by Baton itself) is re-enqueued in the same statement, so it cannot be left
// activatable with nothing to run it. Real PostgreSQL and Redis.
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../../worker/start-worker";
import { startInstance } from "../commands/instances/start-instance";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";
import { Batcher } from "./batcher";
import { reconcileExpiredJobLocks, runServiceCall } from "./service-calls";

describe("expired job locks", () => {
  let rt: TestRuntime;
  let server: http.Server;
  let base = "";
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++;
      if (req.url === "/slow-503") {
        // While this call is in flight its lock runs out and another worker takes the job.
        void rt.db.$executeRawUnsafe(`UPDATE "Job" SET "lockOwner" = 'worker-b', "lockExpiresAt" = now() + interval '1 minute' WHERE "lockOwner" = 'worker-a'`)
          .then(() => res.writeHead(503).end("busy"));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"size":9}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    rt = await createTestRuntime("job_locks");
    await rt.deploy(fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/incidents.bpmn"), "utf8"));
    await rt.deploy(fs.readFileSync(path.join(import.meta.dirname, "../commands/jobs/__fixtures__/job-work.bpmn"), "utf8"));
  });
  afterAll(async () => {
    await rt?.cleanup();
    server?.close();
  });
  const deps = () => ({ db: rt.db, queues: rt.queues });

  /** As a worker SIGKILLed mid-call leaves it: claimed, its lock run out, its outbox row and BullMQ job gone. */
  async function orphan(jobId: string, lockExpiresInMs: number) {
    await rt.db.$executeRawUnsafe(
      `UPDATE "Job" SET state = 'ACTIVATED', "lockOwner" = 'dead-worker', "lockExpiresAt" = now() + ($2::int * interval '1 millisecond') WHERE id = $1`,
      jobId, lockExpiresInMs,
    );
  }

  it("releases nothing when the re-enqueue cannot be written (one statement: both or neither)", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "call-then-route", variables: { erpUrl: `${base}/erp`, size: 3 } }, deps());
    const job = await rt.db.job.findFirstOrThrow({ where: { instanceId: inst.id } });
    await orphan(job.id, -1000);
    await rt.db.outboxJob.deleteMany({});
    // Stands in for the process dying (or the insert failing) after the release.
    await rt.db.$executeRawUnsafe(`ALTER TABLE "OutboxJob" ADD CONSTRAINT test_no_rows CHECK (false) NOT VALID`);
    try {
      await expect(reconcileExpiredJobLocks(rt.db, rt.queues)).rejects.toThrow(/test_no_rows/);
    } finally {
      await rt.db.$executeRawUnsafe(`ALTER TABLE "OutboxJob" DROP CONSTRAINT test_no_rows`);
    }
    // Still locked by the dead worker, so the next pass releases and enqueues it.
    expect(await rt.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ state: "ACTIVATED", lockOwner: "dead-worker" });
    expect(await reconcileExpiredJobLocks(rt.db, rt.queues)).toBe(1);
    expect(await rt.db.outboxJob.findMany({ where: { payload: { path: ["jobId"], equals: job.id } } })).toHaveLength(1);
    // Leave nothing behind for the next test.
    await rt.db.job.deleteMany({ where: { instanceId: inst.id } });
    await rt.db.processInstance.delete({ where: { id: inst.id } });
    await rt.db.outboxJob.deleteMany({});
  });

  it("releases expired locks, re-enqueues service calls with one outbox row each, leaves live locks alone", async () => {
    const call = await startInstance(rt.actors.admin, { key: "call-then-route", variables: { erpUrl: `${base}/erp`, size: 1 } }, deps());
    const external = await startInstance(rt.actors.admin, { key: "job-work", variables: {} }, deps());
    const live = await startInstance(rt.actors.admin, { key: "call-then-route", variables: { erpUrl: `${base}/erp`, size: 2 } }, deps());
    const jobOf = (instanceId: string) => rt.db.job.findFirstOrThrow({ where: { instanceId } });
    const [callJob, externalJob, liveJob] = [await jobOf(call.id), await jobOf(external.id), await jobOf(live.id)];
    await orphan(callJob.id, -1000);
    await orphan(externalJob.id, -1000);
    await orphan(liveJob.id, 60_000);
    // No worker ran yet: drop every outbox row and queued job, as if the dead worker had taken them.
    await rt.db.outboxJob.deleteMany({});
    await rt.queues["service-call"].obliterate({ force: true });

    const released = await reconcileExpiredJobLocks(rt.db, rt.queues);
    expect(released).toBe(2);
    expect(await jobOf(call.id)).toMatchObject({ state: "ACTIVATABLE", lockOwner: null, lockExpiresAt: null });
    expect(await jobOf(external.id)).toMatchObject({ state: "ACTIVATABLE", lockOwner: null, lockExpiresAt: null });
    expect(await jobOf(live.id)).toMatchObject({ state: "ACTIVATED", lockOwner: "dead-worker" });

    // Only the service call gets an outbox row (external jobs wait for their worker's poll).
    const rows = await rt.db.outboxJob.findMany({});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ queue: "service-call", name: "service-call", organizationId: rt.org, payload: { jobId: callJob.id, organizationId: rt.org } });
    expect(await rt.queues["service-call"].getJob(rows[0].id)).toBeTruthy();
    // Nothing left to release: a second pass changes nothing.
    expect(await reconcileExpiredJobLocks(rt.db, rt.queues)).toBe(0);
    expect(await rt.db.outboxJob.count()).toBe(1);

    // The re-enqueued call runs and the instance completes; the live lock's instance still waits.
    const worker = await startWorker({ db: rt.db, redisUrl: process.env.REDIS_URL!, prefix: rt.prefix, workerId: "w-locks", reconcileMs: 60_000 });
    try {
      await waitFor(async () => (await rt.db.processInstance.findUniqueOrThrow({ where: { id: call.id } })).status === "COMPLETED", 15_000, "the released call to complete");
      expect(hits).toBe(1);
      expect(await jobOf(call.id)).toMatchObject({ state: "COMPLETED" });
      expect((await rt.db.processInstance.findUniqueOrThrow({ where: { id: live.id } })).status).toBe("ACTIVE");
      await waitFor(async () => (await rt.db.outboxJob.count()) === 0, 10_000, "the outbox row to be settled");
    } finally {
      await worker.stop();
    }
  });

  it("a call whose lock ran out does not reschedule the job another worker now holds", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "call-then-route", variables: { erpUrl: `${base}/slow-503`, size: 4 } }, deps());
    const job = await rt.db.job.findFirstOrThrow({ where: { instanceId: inst.id } });
    const [row] = await rt.db.outboxJob.findMany({ where: { payload: { path: ["jobId"], equals: job.id } } });
    const batcher = new Batcher(rt.db, rt.queues);
    const before = hits;
    const r = await runServiceCall(rt.db, rt.queues, batcher, row.id, job.id, "worker-a", 60_000);
    expect(hits).toBe(before + 1);
    // The 503 would be retried — but worker-b holds the job now: its call decides.
    expect(r.status).toBe("skipped");
    expect(await rt.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ state: "ACTIVATED", lockOwner: "worker-b", attempts: 0 });
    // worker-a's delivery is settled and no second one was queued.
    expect(await rt.db.outboxJob.findMany({ where: { payload: { path: ["jobId"], equals: job.id } } })).toHaveLength(0);
    await batcher.drain();
  });
});
