// The customer's side: createWorker and BatonClient against an in-process HTTP server that
// calls the real route handlers (real PostgreSQL and Redis). 1,000 jobs by 3 workers, a hung
// worker losing its lock, fail → incident → retry, BPMN errors, backoff and graceful stop.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, type ApiFixture } from "@/server/testing/api-fixture";
import { BatonApiError, BatonClient, BpmnError, createWorker, type ActivatedJob } from "./index";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "../server/commands/jobs/__fixtures__", name), "utf8");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Serves /api/v1 from the route handlers, as Next would (params, body, abort on disconnect). */
async function serveRoutes(routes: [string, RegExp, Handler][]) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, "http://localhost");
    const route = routes.find(([m, re]) => m === req.method && re.test(url.pathname));
    if (!route) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"NOT_FOUND","message":"no route"}}');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const ac = new AbortController();
    res.on("close", () => ac.abort());
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, signal: ac.signal });
    const out = await route[2](request, { params: Promise.resolve(route[1].exec(url.pathname)!.groups ?? {}) });
    res.writeHead(out.status, Object.fromEntries(out.headers)).end(Buffer.from(await out.arrayBuffer()));
  });
  server.keepAliveTimeout = 70_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("job worker client", () => {
  let f: ApiFixture;
  let server: http.Server;
  let baseUrl = "";
  let client: BatonClient;
  let retryRoute: Handler;
  beforeAll(async () => {
    f = await createApiFixture("client");
    const defs = await import("@/app/api/v1/definitions/route");
    for (const file of ["job-work.bpmn", "job-errors.bpmn"]) {
      const d = await f.call(defs.POST, { method: "POST", path: "/definitions", token: f.tokens.admin, body: fixture(file), headers: { "content-type": "application/xml" } });
      expect(d.status, JSON.stringify(d.body)).toBe(201);
    }
    const jobs = {
      activate: (await import("@/app/api/v1/jobs/activate/route")).POST,
      complete: (await import("@/app/api/v1/jobs/[id]/complete/route")).POST,
      fail: (await import("@/app/api/v1/jobs/[id]/fail/route")).POST,
      error: (await import("@/app/api/v1/jobs/[id]/error/route")).POST,
      update: (await import("@/app/api/v1/jobs/[id]/route")).PATCH,
    };
    retryRoute = (await import("@/app/api/v1/incidents/[id]/retry/route")).POST as Handler;
    const served = await serveRoutes([
      ["POST", /^\/api\/v1\/jobs\/activate$/, jobs.activate as Handler],
      ["POST", /^\/api\/v1\/jobs\/(?<id>[^/]+)\/complete$/, jobs.complete as Handler],
      ["POST", /^\/api\/v1\/jobs\/(?<id>[^/]+)\/fail$/, jobs.fail as Handler],
      ["POST", /^\/api\/v1\/jobs\/(?<id>[^/]+)\/error$/, jobs.error as Handler],
      ["PATCH", /^\/api\/v1\/jobs\/(?<id>[^/]+)$/, jobs.update as Handler],
      ["POST", /^\/api\/v1\/instances$/, (await import("@/app/api/v1/instances/route")).POST as Handler],
      ["POST", /^\/api\/v1\/messages$/, (await import("@/app/api/v1/messages/route")).POST as Handler],
    ]);
    server = served.server;
    baseUrl = served.baseUrl;
    client = new BatonClient({ baseUrl, token: f.tokens.admin });
  });
  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    const { closeJobWaiters } = await import("@/server/commands/jobs/job-waiters");
    await closeJobWaiters();
    await f?.close();
  });

  const waitUntil = async (check: () => Promise<boolean>, ms: number, what: string) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };
  const instanceStatus = async (id: string) => (await f.db.processInstance.findUniqueOrThrow({ where: { id } })).status;

  it("1,000 jobs served by 3 concurrent workers: each completed exactly once", async () => {
    const N = 1000;
    const t0 = performance.now();
    const ids: string[] = [];
    const queue = Array.from({ length: N }, (_, i) => i);
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) ids.push((await client.startInstance({ key: "job-work", variables: { n: i } })).id);
    }));
    const startMs = performance.now() - t0;
    expect(await f.db.job.count({ where: { type: "work", state: "ACTIVATABLE" } })).toBe(N);

    const handled = new Map<string, number>();
    const errors: unknown[] = [];
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    const workers = ["w1", "w2", "w3"].map((name) =>
      createWorker({
        baseUrl, token: f.tokens.operator, type: "work", name, concurrency: 8, pollTimeoutMs: 2000, lockTimeoutMs: 60_000,
        handler: async (job) => {
          handled.set(job.key, (handled.get(job.key) ?? 0) + 1);
          return { doubled: (job.variables.n as number) * 2, by: name };
        },
        onError: (e) => errors.push(e),
      }),
    );
    await waitUntil(async () => (await f.db.job.count({ where: { type: "work", state: "COMPLETED" } })) === N, 120_000, "all jobs completed");
    const workMs = performance.now() - t1;
    const cpu = process.cpuUsage(cpu0);
    await Promise.all(workers.map((w) => w.stop()));
    console.log(`[client] ${N} instances started over REST in ${(startMs / 1000).toFixed(1)} s (${(N / (startMs / 1000)).toFixed(0)}/s); ${N} jobs completed by 3 workers (concurrency 8 each) in ${(workMs / 1000).toFixed(2)} s = ${(N / (workMs / 1000)).toFixed(0)} jobs/s (server + workers in this one process: ${(((cpu.user + cpu.system) / 1000 / workMs) * 100).toFixed(0)}% of a core)`);

    expect(errors).toEqual([]);
    expect(handled.size).toBe(N);
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
    expect(await f.db.auditEvent.count({ where: { type: "job.completed", instanceId: { in: ids } } })).toBe(N);
    expect(await f.db.job.count({ where: { instanceId: { in: ids }, state: { not: "COMPLETED" } } })).toBe(0);
    expect(await f.db.processInstance.count({ where: { id: { in: ids }, status: "COMPLETED" } })).toBe(N);
    const by = await f.db.processInstance.findMany({ where: { id: { in: ids } }, select: { variables: true } });
    const counts: Record<string, number> = {};
    for (const r of by) {
      const v = r.variables as { by: string; n: number; doubled: number };
      expect(v.doubled).toBe(v.n * 2);
      counts[v.by] = (counts[v.by] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(["w1", "w2", "w3"]);
  });

  it("a worker that hangs mid-job loses it when the lock expires: another worker completes it once; the late completion is refused", async () => {
    const inst = await client.startInstance({ key: "job-work", variables: { n: 1 } });
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    let taken: ActivatedJob | undefined;
    const lateErrors: unknown[] = [];
    const a = createWorker({
      baseUrl, token: f.tokens.operator, type: "work", name: "hangs", concurrency: 1, lockTimeoutMs: 1000, pollTimeoutMs: 1000,
      handler: async (job) => {
        taken = job;
        await hung;
        return { by: "hangs" };
      },
      onError: (e) => lateErrors.push(e),
    });
    await waitUntil(async () => Boolean(taken), 10_000, "the first delivery");
    const stopA = a.stop(); // stops polling; the hung handler still holds the job
    const b = createWorker({ baseUrl, token: f.tokens.operator, type: "work", name: "healthy", pollTimeoutMs: 5000, handler: async () => ({ by: "healthy" }) });
    const t0 = Date.now();
    await waitUntil(async () => (await instanceStatus(inst.id)) === "COMPLETED", 15_000, "redelivery");
    console.log(`[client] a hung worker's job (lock 1 s) was completed by another worker ${Date.now() - t0} ms after it stopped polling`);
    release();
    await stopA;
    await b.stop();
    expect(taken!.instanceId).toBe(inst.id);
    expect(lateErrors).toHaveLength(1);
    expect(lateErrors[0]).toBeInstanceOf(BatonApiError);
    expect((lateErrors[0] as BatonApiError).status).toBe(409);
    expect(await f.db.auditEvent.count({ where: { chainId: inst.id, type: "job.completed" } })).toBe(1);
    expect(((await f.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } })).variables as { by: string }).by).toBe("healthy");
  });

  it("a handler that throws fails the job with one retry fewer; the third failure is an incident; the operator's retry completes it", async () => {
    const inst = await client.startInstance({ key: "job-work", variables: { n: 2 } });
    let broken = true;
    const seen: number[] = [];
    const w = createWorker({
      baseUrl, token: f.tokens.operator, type: "work", name: "flaky", pollTimeoutMs: 1000, retryBackoffMs: 100,
      handler: async (job) => {
        seen.push(job.retries);
        if (broken) throw new Error("the ERP is down");
        return { fixed: true };
      },
    });
    try {
      const inc = await (async () => {
        await waitUntil(async () => (await f.db.incident.count({ where: { instanceId: inst.id, status: "OPEN" } })) === 1, 15_000, "the incident");
        return f.db.incident.findFirstOrThrow({ where: { instanceId: inst.id, status: "OPEN" } });
      })();
      expect(seen).toEqual([3, 2, 1]);
      expect(inc.message).toContain("the ERP is down");
      expect(await f.db.auditEvent.count({ where: { chainId: inst.id, type: "job.failed" } })).toBe(3);
      broken = false;
      const retried = await f.call(retryRoute, { method: "POST", path: `/incidents/${inc.id}/retry`, token: f.tokens.operator, params: { id: inc.id }, body: {} });
      expect(retried.status, JSON.stringify(retried.body)).toBe(200);
      await waitUntil(async () => (await instanceStatus(inst.id)) === "COMPLETED", 10_000, "completion after the retry");
      expect(seen).toEqual([3, 2, 1, 3]);
    } finally {
      await w.stop();
    }
  });

  it("a BpmnError goes to the boundary event; an uncaught code becomes an incident naming it", async () => {
    const caught = await client.startInstance({ key: "job-charge", variables: { card: "4000" } });
    const w = createWorker({
      baseUrl, token: f.tokens.operator, type: "charge", pollTimeoutMs: 1000,
      handler: async (job) => {
        if (job.variables.card === "4000") throw new BpmnError("E_DECLINED", "card declined", { reason: "declined" });
        throw new BpmnError("E_UNKNOWN_CARD", "no such card");
      },
    });
    try {
      await waitUntil(async () => (await f.db.task.count({ where: { instanceId: caught.id, elementId: "notify" } })) === 1, 10_000, "the declined path");
      expect(((await f.db.processInstance.findUniqueOrThrow({ where: { id: caught.id } })).variables as { reason: string }).reason).toBe("declined");
      const uncaught = await client.startInstance({ key: "job-charge", variables: { card: "1234" } });
      await waitUntil(async () => (await f.db.incident.count({ where: { instanceId: uncaught.id } })) === 1, 10_000, "the incident");
      const inc = await f.db.incident.findFirstOrThrow({ where: { instanceId: uncaught.id } });
      expect(inc.type).toBe("unhandledError");
      expect(inc.message).toContain("E_UNKNOWN_CARD");
    } finally {
      await w.stop();
    }
  });

  it("backs off exponentially (capped) while Baton answers errors, and stops promptly", async () => {
    const bad = new BatonClient({ baseUrl, token: "bt_00000000_notarealtokennotarealtoken" });
    const at: number[] = [];
    const w = createWorker({ baseUrl, token: "x", client: bad, type: "work", errorBackoff: { initialMs: 40, maxMs: 320 }, handler: () => ({}), onError: (e) => at.push(Date.now()) && expect((e as BatonApiError).status).toBe(401) });
    await sleep(2000);
    const t = Date.now();
    await w.stop();
    expect(Date.now() - t).toBeLessThan(500);
    const gaps = at.slice(1).map((x, i) => x - at[i]);
    expect(at.length).toBeGreaterThan(5);
    expect(at.length).toBeLessThan(20);
    // Grows from ~40 ms, never beyond the 320 ms cap (plus request time).
    expect(gaps[0]).toBeLessThan(150);
    expect(Math.max(...gaps)).toBeLessThan(600);
    expect(Math.max(...gaps.slice(-3))).toBeGreaterThan(150);
  });

  it("stop() waits for running handlers, which still complete their jobs", async () => {
    const inst = await client.startInstance({ key: "job-work", variables: { n: 3 } });
    let started = false;
    const w = createWorker({ baseUrl, token: f.tokens.operator, type: "work", pollTimeoutMs: 5000, handler: async () => { started = true; await sleep(400); return { slow: true }; } });
    await waitUntil(async () => started, 10_000, "the handler");
    await w.stop();
    expect(w.active).toBe(0);
    expect(await instanceStatus(inst.id)).toBe("COMPLETED");
  });

  it("BatonClient: starts instances, correlates messages, and the job calls answer typed errors", async () => {
    const msg = await client.correlateMessage({ name: "nobody-listens", correlationKey: "k" });
    expect(msg.outcome).toBe("dropped");
    const inst = await client.startInstance({ key: "job-work", businessKey: "B-1", variables: { n: 4 } });
    expect(inst).toMatchObject({ key: "job-work", businessKey: "B-1", status: "ACTIVE" });
    const jobs = await client.activateJobs({ type: "work", worker: "manual", maxJobsToActivate: 5, timeout: 30_000, fetchVariables: ["n"] });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ instanceId: inst.id, businessKey: "B-1", variables: { n: 4 } });
    expect((await client.updateJob(jobs[0].key, { timeout: 90_000, worker: "manual" })).deadline).toBeTruthy();
    await client.completeJob(jobs[0].key, { ok: true }, { worker: "manual" });
    const err = await client.completeJob(jobs[0].key).catch((e) => e);
    expect(err).toBeInstanceOf(BatonApiError);
    expect(err).toMatchObject({ status: 409, code: "CONFLICT" });
    expect(await client.failJob("nope", { retries: 1 }).catch((e) => e.status)).toBe(404);
    expect(await client.throwError("nope", { errorCode: "" }).catch((e) => e.details.fields[0].field)).toBe("body.errorCode");
  });

  it("imports nothing from the server: only relative modules of client/", () => {
    for (const file of fs.readdirSync(import.meta.dirname).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))) {
      const src = fs.readFileSync(path.join(import.meta.dirname, file), "utf8");
      const specs = [...src.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
      for (const s of specs) expect(s, `${file} imports ${s}`).toMatch(/^\.\/[\w-]+$/);
    }
  });
});
