// PostgreSQL restarted in the middle of a run: 1,000 instances (parallel fork, a 1-second timer,
// a service call against a stub that fails 30 % of calls) on a private PostgreSQL this file
// starts, a worker process, and starts from this process as the web would make them — half
// before the restart, half while it happens. Both sides reconnect by themselves; every instance
// completes; every transition, timer and job happened exactly once; every audit chain verifies.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompiledModel } from "../../engine";
import { startInstance } from "../commands/instances/start-instance";
import { assertChainsIntact, assertExactlyOnce, completedCount, expectedTransitions, waitAllCompleted } from "../testing/durability";
import { freePort } from "../testing/free-port";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";
import { startStub, type Stub } from "../testing/stub-server";

const N = Number(process.env.PG_RESTART_INSTANCES ?? 1000);
const root = path.resolve(import.meta.dirname, "../..");
const xml = fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/fork-timer-service.bpmn"), "utf8");

function pgBin(name: string): string {
  const dir = fs.readdirSync("/usr/lib/postgresql").sort().reverse().map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => fs.existsSync(path.join(d, name)));
  if (!dir) throw new Error(`${name} not found under /usr/lib/postgresql (apt-get install postgresql)`);
  return path.join(dir, name);
}

/** initdb and postgres refuse root: run them as the postgres system user then. */
function asPg(cmd: string, args: string[]): void {
  if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" });
  else execFileSync(cmd, args, { stdio: "pipe" });
}

describe.sequential(`PostgreSQL restarted under ${N} instances`, { timeout: 300_000 }, () => {
  let dataDir: string;
  let port: number;
  let stub: Stub;
  let rt: TestRuntime;
  let worker: ChildProcess;
  const pgctl = (...args: string[]) => asPg(pgBin("pg_ctl"), ["-D", dataDir, "-l", path.join(dataDir, "server.log"), "-w", ...args]);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-pg-restart-"));
    if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", dataDir]);
    port = await freePort();
    asPg(pgBin("initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
    pgctl("-o", `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start");
    process.env.TEST_PG_SERVER_URL = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    stub = await startStub(3);
  });
  afterAll(async () => {
    worker?.kill("SIGKILL");
    await stub?.close();
    await rt?.cleanup().catch(() => {});
    try {
      pgctl("-m", "immediate", "stop");
    } catch {
      // already stopped
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("both sides reconnect; nothing is lost or duplicated; the audit chains verify", async () => {
    rt = await createTestRuntime("pg_restart");
    const [def] = await rt.deploy(xml);
    const row = await rt.db.processDefinition.findUniqueOrThrow({ where: { id: def.id } });
    const perInstance = expectedTransitions(row.model as unknown as CompiledModel);
    let workerExits = 0;
    worker = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
      cwd: root,
      stdio: "ignore",
      env: { ...process.env, DATABASE_URL: rt.t.url, REDIS_PREFIX: rt.prefix, RECONCILE_INTERVAL_MS: "500", WORKER_JOB_LOCK_MS: "2000", SERVICE_CALL_LOCK_MS: "3000", LOG_LEVEL: "fatal" },
    });
    worker.on("exit", () => workerExits++);

    // Starts as a web client makes them: a failed start is retried, unless it did commit (its business key shows).
    const deps = { db: rt.db, queues: rt.queues };
    let startErrors = 0;
    const startOne = async (i: number) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await startInstance(rt.actors.admin, { key: "fork-timer-service", businessKey: `K-${i}`, variables: { n: i, stubUrl: stub.url } }, deps);
          return;
        } catch (err) {
          startErrors++;
          if (attempt > 200) throw err;
          await new Promise((r) => setTimeout(r, 100));
          const committed = await rt.db.processInstance.count({ where: { businessKey: `K-${i}` } }).catch(() => 0);
          if (committed) return;
        }
      }
    };
    const startRange = async (from: number, to: number) => {
      for (let i = from; i < to; i += 20) await Promise.all(Array.from({ length: Math.min(20, to - i) }, (_, k) => startOne(i + k)));
    };

    await startRange(0, N / 2);
    await waitFor(async () => (await completedCount(rt)) >= N * 0.2, 120_000, "20% done");
    const during = startRange(N / 2, N); // starts keep coming while the database goes away
    await new Promise((r) => setTimeout(r, 200));
    const before = await completedCount(rt);
    pgctl("-m", "fast", "restart", "-o", `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`);
    console.log(`[pg-restart] PostgreSQL restarted with ${before} of ${N} completed`);
    await during;
    await waitAllCompleted(rt, N, 180_000);
    console.log(`[pg-restart] all ${N} completed; ${startErrors} start attempts failed during the restart and were retried; worker exits ${workerExits}`);

    expect(workerExits).toBe(0); // the worker reconnected by itself
    expect(await rt.db.processInstance.count()).toBe(N); // no start duplicated
    await assertExactlyOnce(rt, perInstance, N);
    const events = await assertChainsIntact(rt);
    expect(events).toBeGreaterThan(N * perInstance);
  });
});
