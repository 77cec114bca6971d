// Baton on a PostgreSQL configured for local time (initdb copies the system's zone): every
// connection runs in UTC, so job retries, locks and timers keep their times. Before, on a server
// in America/New_York a retried service call waited five hours and its job was stranded.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../worker/start-worker";
import { startInstance } from "../commands/instances/start-instance";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";
import { startStub, type Stub } from "../testing/stub-server";
import { sqlPool, utcSessionOptions } from "./client";

describe.each(["America/New_York", "Asia/Tokyo"])("a database whose default zone is %s", (timezone) => {
  let rt: TestRuntime;
  let worker: RunningWorker;
  let stub: Stub;
  beforeAll(async () => {
    // The first call fails with a 500 (retryable), the next one answers.
    stub = await startStub(1);
    rt = await createTestRuntime(`tz_${timezone}`, { timezone });
    await rt.deploy(fs.readFileSync(path.join(import.meta.dirname, "../runtime/__fixtures__/incidents.bpmn"), "utf8"));
    worker = await startWorker({ db: rt.db, redisUrl: process.env.REDIS_URL!, prefix: rt.prefix, workerId: "w-tz", reconcileMs: 500 });
  });
  afterAll(async () => {
    await worker?.stop();
    await rt?.cleanup();
    await stub?.close();
  });

  it("runs Baton's connections in UTC (the database's own default is the local zone)", async () => {
    const [viaPrisma] = await rt.db.$queryRawUnsafe<{ TimeZone: string }[]>("SHOW TimeZone");
    const [viaPool] = (await sqlPool(rt.db).query<{ TimeZone: string }>("SHOW TimeZone")).rows;
    expect(viaPrisma.TimeZone).toBe("UTC");
    expect(viaPool.TimeZone).toBe("UTC");
    // The zone is really set on the database (a plain connection sees it).
    const pg = await import("pg");
    const plain = new pg.default.Client({ connectionString: rt.t.url });
    await plain.connect();
    try {
      expect((await plain.query("SHOW TimeZone")).rows[0].TimeZone).toBe(timezone);
    } finally {
      await plain.end();
    }
  });

  it("retries a failed service call after its backoff and completes the instance", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "call-then-route", variables: { erpUrl: stub.url, size: 9 } }, { db: rt.db, queues: rt.queues });
    await waitFor(async () => (await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } })).status === "COMPLETED", 20_000, "the retried call to complete the instance");
    expect([stub.calls, stub.failures]).toEqual([2, 1]);
    const job = await rt.db.job.findFirstOrThrow({ where: { instanceId: inst.id } });
    expect(job).toMatchObject({ state: "COMPLETED", attempts: 1 });
    // Stored times are UTC: the job was created within the last minute, not hours away from it.
    expect(Math.abs(job.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe("utcSessionOptions", () => {
  it("adds TimeZone=UTC and keeps options given in the URL", () => {
    expect(utcSessionOptions("postgresql://u@h/db")).toBe("-c TimeZone=UTC");
    expect(utcSessionOptions("postgresql://u@h/db?options=-c%20search_path%3Dbaton")).toBe("-c search_path=baton -c TimeZone=UTC");
    expect(utcSessionOptions("host=h dbname=db")).toBe("-c TimeZone=UTC");
  });
});
