// How fast the REST API starts instances: POST /api/v1/instances with an API token against the
// production build (`next start`, a worker running), at 1, 16 and 64 concurrent clients
// (autocannon, every response timed). The model is start -> user task -> end: the start runs to the
// user task in its own transaction, as most of Baton's processes do, and the answer is the instance.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import { openBaton } from "../harness/baton";
import { cpuMeter } from "../harness/cpu";
import { latencyHistogram, recordMs } from "../harness/histogram";
import { nearestPgbench } from "../harness/pgbench";
import type { Scenario, ScenarioContext } from "../harness/types";

const ROUTE = "app/api/v1/instances/route.ts";
const MODEL = "approval.bpmn";
const CLIENTS = [1, 16, 64] as const;
const WARMUP_CLIENTS = 16;

const scenario: Scenario = {
  name: "start-latency",
  description:
    "POST /api/v1/instances (Bearer API token; bench/models/approval.bpmn, start -> user task) against next start of the production build " +
    (process.env.WEB_CONCURRENCY ? `in WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY} processes ` : "") +
    "with a worker running; autocannon at 1, 16 and 64 connections after a warm-up, every response timed; only 201s count",
  requires: ["web", "worker"],
  preflight(repoRoot) {
    if (!fs.existsSync(path.join(repoRoot, ROUTE))) {
      throw new Error(`${ROUTE} does not exist yet: POST /api/v1/instances cannot be measured until the route lands (nothing is faked)`);
    }
  },
  async run(ctx) {
    const seconds = ctx.pick({ tiny: 1, quick: 5, full: 15 });
    const warmupSeconds = ctx.pick({ tiny: 1, quick: 3, full: 5 });
    warnIfStale(ctx);
    const baton = await openBaton(ctx, 2);
    try {
      const definition = await baton.deploy(MODEL);
      const token = await baton.createToken();
      const url = `${ctx.web.url}/api/v1/instances`;
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const body = JSON.stringify({ key: definition.key, variables: { amount: 42, requester: "bench" } });
      await probe(url, headers, body);

      // The first requests load the route's modules and warm the JIT and the connection pools.
      await load(ctx, { url, headers, body, connections: WARMUP_CLIENTS, seconds: warmupSeconds });
      const before = await instanceCount(baton.db, definition.id);
      let started = 0;
      for (const connections of CLIENTS) {
        const meter = cpuMeter({ web: ctx.web.pid, worker: ctx.worker.pid });
        const r = await load(ctx, { url, headers, body, connections, seconds });
        const cpu = meter();
        started += r.ok;
        const perSecond = r.ok / (r.elapsedMs / 1000);
        const perStart = (ms: number) => (r.ok ? ms / r.ok : 0);
        ctx.log(
          `${connections} client(s): ${r.ok} starts in ${(r.elapsedMs / 1000).toFixed(1)} s = ${perSecond.toFixed(0)}/s; CPU per start: ` +
            `web ${perStart(cpu.web).toFixed(2)} ms, PostgreSQL ${perStart(cpu.postgres).toFixed(2)} ms, worker ${perStart(cpu.worker).toFixed(2)} ms`,
        );
        if (connections === 64) {
          // What a start costs, which (unlike the rate) hardly moves with other tenants' load.
          ctx.record.value("baton.start.cpu.web.c64", perStart(cpu.web), "ms/start");
          ctx.record.value("baton.start.cpu.postgres.c64", perStart(cpu.postgres), "ms/start");
        }
        const baseline = nearestPgbench(ctx.baselines, connections === 64 ? 32 : connections);
        ctx.record.rate(`baton.start.rate.c${connections}`, perSecond, { baseline, ...(connections === 64 ? { target: { ratio: 0.5 } } : {}) });
        // Beside the latency of a pgbench transaction at the nearest client count (p95: the target's percentile).
        const latencyBaseline = baseline.replace("pgbench.tps.", "pgbench.latency.");
        ctx.record.latency(`baton.start.latency.c${connections}`, r.histogram, { baseline: latencyBaseline, compare: "p95", ...(connections === 16 ? { target: { max: 50 } } : {}) });
      }
      // Every 201 must be an instance in the database. autocannon drops the requests still in flight
      // when a run's time is up (at most one per connection); the server may still complete them.
      const created = (await instanceCount(baton.db, definition.id)) - before;
      const inFlight = CLIENTS.reduce<number>((a, b) => a + b, WARMUP_CLIENTS);
      if (created < started || created > started + inFlight) {
        throw new Error(`${started} starts answered 201 but ${created} instances were created (at most ${inFlight} more were possible)`);
      }
    } finally {
      await baton.close();
    }
  },
};

export default scenario;

/** The web runs what was built, not what is checked out: say so when the build is older than HEAD. */
function warnIfStale(ctx: ScenarioContext): void {
  if (process.env.BENCH_WEB_COMMAND) return;
  try {
    const builtAt = fs.statSync(path.join(ctx.repoRoot, ".next/BUILD_ID")).mtimeMs;
    const headAt = Number(execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: ctx.repoRoot, encoding: "utf8" }).trim()) * 1000;
    if (builtAt < headAt) {
      ctx.log(
        `warning: the production build (${new Date(builtAt).toISOString()}) is older than HEAD (${new Date(headAt).toISOString()}): ` +
          "these figures are the older code's; npm run build, then run again, to measure HEAD",
      );
    }
  } catch {
    // no git or no build: nothing to compare
  }
}

async function instanceCount(db: Awaited<ReturnType<typeof openBaton>>["db"], definitionId: string): Promise<number> {
  return db.processInstance.count({ where: { definitionId } });
}

/** One request first, so a missing route or a broken start says why instead of a pile of non-2xx. */
async function probe(url: string, headers: Record<string, string>, body: string): Promise<void> {
  const res = await fetch(url, { method: "POST", headers, body });
  if (res.status === 201) return;
  const text = (await res.text()).slice(0, 300);
  if (res.status === 404 || res.status === 405) {
    throw new Error(`POST /api/v1/instances answered ${res.status}: the route (${ROUTE}) is not in this build; run npm run build first (${text})`);
  }
  throw new Error(`POST /api/v1/instances answered ${res.status}, expected 201: ${text}`);
}

interface LoadResult {
  ok: number;
  elapsedMs: number;
  histogram: ReturnType<typeof latencyHistogram>;
}

function load(
  ctx: ScenarioContext,
  o: { url: string; headers: Record<string, string>; body: string; connections: number; seconds: number },
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const histogram = latencyHistogram();
    let ok = 0;
    const started = performance.now();
    const instance = autocannon(
      { url: o.url, method: "POST", headers: o.headers, body: o.body, connections: o.connections, pipelining: 1, duration: o.seconds, timeout: 30 },
      (err: Error | null, result: Result) => {
        ctx.signal.removeEventListener("abort", onAbort);
        const elapsedMs = performance.now() - started;
        if (err) return reject(err);
        if (ctx.signal.aborted) return reject(new Error("interrupted"));
        if (result.errors > 0 || result.non2xx > 0) {
          const codes = result.statusCodeStats ? JSON.stringify(result.statusCodeStats) : "";
          return reject(new Error(`at ${o.connections} connections: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx answers ${codes}`));
        }
        resolve({ ok, elapsedMs, histogram });
      },
    );
    const onAbort = () => instance.stop();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status !== 201) return;
      ok++;
      recordMs(histogram, ms);
    });
  });
}
