// Transitions per second through Baton's one write path, durably: the ten-step model with its
// script tasks as HTTP service tasks (bench/models/ten-step-service.bpmn, 12 calls to a local echo
// service per instance), advanced by 1 and 2 worker processes (`worker/main.ts`), with the worker's
// adaptive batching off (WORKER_BATCH_SIZE=1) and on (the default, 64). Every transition is an
// `element.transition` audit row committed in PostgreSQL; the figure is those rows divided by the
// wall time from the first start to the last completion, compared with pgbench's TPS.
import type { Histogram } from "hdr-histogram-js";
import { cpuMeter } from "../harness/cpu";
import { openBaton, openQueues, spawnWorker, startEchoServer, startInstances, waitUntil, type Baton, type EchoServer, type WorkerProcess } from "../harness/baton";
import { latencyHistogram, recordMs } from "../harness/histogram";
import { nearestPgbench } from "../harness/pgbench";
import { deleteByPrefix } from "../harness/resources";
import type { Scenario, ScenarioContext } from "../harness/types";

const MODEL = "ten-step-service.bpmn";
/** What the model computes (as the ten-step model does); checked on every instance. */
const EXPECTED_TOTAL = 170;
/** worker/main.ts: createDb(DATABASE_URL, 10). The database sessions one worker process can hold. */
const POOL_PER_WORKER = 10;
/** The worker's default batch size (server/env.ts WORKER_BATCH_SIZE). */
const DEFAULT_BATCH = 64;

interface Config {
  workers: 1 | 2;
  batch: number;
}

interface Measured {
  config: Config;
  instances: number;
  transitions: number;
  wallMs: number;
  durations: Histogram;
}

const scenario: Scenario = {
  name: "durable-transitions",
  description:
    "ten-step model with 12 HTTP service tasks (local echo), 1 and 2 worker processes, batching off (WORKER_BATCH_SIZE=1) and on (64): " +
    "element.transition audit rows ÷ wall time from first start to last completion; instances started by the bench process " +
    "through runEvents (startInstance's write path without its auth and definition lookup: the runtime's command batcher, " +
    "≤ 64 starts per transaction, as in the web process), submitted 64 at a time, 4 submissions in flight, in every configuration",
  requires: ["postgres", "redis"],
  async run(ctx) {
    const count = ctx.pick({ tiny: 20, quick: 200, full: 2000 });
    const warmup = ctx.pick({ tiny: 0, quick: 20, full: 50 });
    const echo = await startEchoServer();
    const results: Measured[] = [];
    const cpu = new Map<string, { worker: number; postgres: number }>();
    try {
      // Batching off first: carry-over (bigger tables) then only handicaps the batched runs.
      for (const batch of [1, DEFAULT_BATCH]) {
        // Each batch setting: its own Redis prefix, and its own client in this process (the
        // runtime's command batcher is per client and publishes to the queues it was made with).
        const prefix = `${ctx.redis.prefix}dt-b${batch}`;
        const baton = await openBaton(ctx);
        const q = await openQueues(ctx.redis.url, prefix);
        const definition = await baton.deploy(MODEL);
        const perInstance = await transitionsPerInstance(ctx, definition.xml);
        if (batch === 1) ctx.log(`${perInstance} transitions and 13 events per instance; ${count} instances per configuration`);
        const workers: WorkerProcess[] = [];
        const watches: Array<{ stop(): void }> = [];
        try {
          for (const n of [1, 2] as const) {
            while (workers.length < n) {
              const label = `worker ${workers.length + 1} of durable-transitions, batch ${batch}`;
              const w = await spawnWorker(ctx.repoRoot, {
                databaseUrl: ctx.postgres.url,
                redisUrl: ctx.redis.url,
                prefix,
                label,
                env: { WORKER_BATCH_SIZE: String(batch) },
                signal: ctx.signal,
              });
              workers.push(w);
              watches.push(ctx.memory.watch("worker", w.pid, scenario.name, label));
            }
            const config = { workers: n, batch };
            if (warmup > 0) await runOnce(ctx, baton, q.queues, echo, definition, config, warmup, perInstance);
            const meter = cpuMeter(Object.fromEntries(workers.map((w, i) => [`w${i}`, w.pid])));
            const m = await runOnce(ctx, baton, q.queues, echo, definition, config, count, perInstance);
            const used = meter();
            const workerMs = Object.entries(used).filter(([k]) => k !== "postgres").reduce((a, [, v]) => a + v, 0);
            cpu.set(`${n}/${batch}`, { worker: (1000 * workerMs) / m.transitions, postgres: (1000 * used.postgres) / m.transitions });
            results.push(m);
            ctx.log(
              `${n} worker(s), batch ${batch}: ${m.transitions} transitions in ${(m.wallMs / 1000).toFixed(2)} s = ` +
                `${(m.transitions / (m.wallMs / 1000)).toFixed(0)}/s (${(m.instances / (m.wallMs / 1000)).toFixed(1)} instances/s); ` +
                `CPU per transition: workers ${((1000 * workerMs) / m.transitions).toFixed(0)} µs, PostgreSQL ${((1000 * used.postgres) / m.transitions).toFixed(0)} µs`,
            );
            await vacuum(baton);
          }
        } finally {
          for (const w of watches) w.stop();
          await Promise.all(workers.map((w) => w.stop()));
          await q.close();
          await baton.close();
          await deleteByPrefix({ ...ctx.redis, prefix });
        }
      }
    } finally {
      await echo.close();
    }

    for (const workers of [1, 2] as const) {
      const baseline = nearestPgbench(ctx.baselines, workers * POOL_PER_WORKER);
      const rate = (batch: number) => {
        const m = results.find((r) => r.config.workers === workers && r.config.batch === batch)!;
        return { m, perSecond: m.transitions / (m.wallMs / 1000) };
      };
      const off = rate(1);
      const on = rate(DEFAULT_BATCH);
      // The target is the shipped configuration's; batching off is shown for the gain only.
      ctx.record.rate(`baton.durable.transitions.w${workers}.b1`, off.perSecond, { baseline });
      ctx.record.rate(`baton.durable.transitions.w${workers}.b${DEFAULT_BATCH}`, on.perSecond, { baseline, target: { ratio: 1 } });
      ctx.record.value(`baton.durable.batching-gain.w${workers}`, on.perSecond / off.perSecond, "×", { better: "higher" });
      ctx.record.latency(`baton.durable.instance.w${workers}.b1`, off.m.durations);
      ctx.record.latency(`baton.durable.instance.w${workers}.b${DEFAULT_BATCH}`, on.m.durations);
    }
    // What a transition costs (µs of CPU), which hardly moves with other tenants' load.
    for (const batch of [1, DEFAULT_BATCH]) {
      const c = cpu.get(`1/${batch}`);
      if (!c) continue;
      ctx.record.value(`baton.durable.cpu.worker.w1.b${batch}`, c.worker, "µs/transition");
      ctx.record.value(`baton.durable.cpu.postgres.w1.b${batch}`, c.postgres, "µs/transition");
    }
  },
};

export default scenario;

async function runOnce(
  ctx: ScenarioContext,
  baton: Baton,
  queues: Awaited<ReturnType<typeof openQueues>>["queues"],
  echo: EchoServer,
  definition: { id: string; key: string },
  config: Config,
  count: number,
  perInstance: number,
): Promise<Measured> {
  const t0 = Date.now();
  const ids = await startInstances(baton.db, queues, baton.admin, {
    definition,
    count,
    variables: () => ({ stubUrl: echo.url }),
    chunk: 64,
    parallel: 4,
    signal: ctx.signal,
  });
  await waitUntil(
    async () => {
      const [row] = await baton.db.$queryRawUnsafe<{ done: number; stuck: number }[]>(
        `SELECT count(*) FILTER (WHERE status = 'COMPLETED')::int AS done, count(*) FILTER (WHERE status <> 'ACTIVE' AND status <> 'COMPLETED' OR "hasIncident")::int AS stuck
         FROM "ProcessInstance" WHERE id = ANY($1::text[])`,
        ids,
      );
      if (row!.stuck > 0) throw new Error(`${row!.stuck} instance(s) ended otherwise or have an incident: ${await diagnose(baton, ids)}`);
      if (row!.done === count) return { done: true, progress: row!.done };
      // Progress is completed service calls too: processed in FIFO order, all instances advance in
      // step, so at full size none completes for a minute or more while work is being done.
      const [jobs] = await baton.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "Job" WHERE state = 'COMPLETED'`);
      return { done: undefined, progress: row!.done * 1_000_000 + jobs!.n };
    },
    { what: `${count} instances to complete (${config.workers} worker(s), batch ${config.batch})`, stallMs: 60_000, intervalMs: 250, signal: ctx.signal, diagnose: () => diagnose(baton, ids) },
  );
  const [summary] = await baton.db.$queryRawUnsafe<{ lastEnd: number; right: number }[]>(
    `SELECT (extract(epoch FROM max("endedAt")) * 1000)::float8 AS "lastEnd",
            count(*) FILTER (WHERE (variables->>'total')::numeric = $2)::int AS "right"
     FROM "ProcessInstance" WHERE id = ANY($1::text[])`,
    ids,
    EXPECTED_TOTAL,
  );
  if (summary!.right !== count) throw new Error(`${count - summary!.right} instance(s) did not compute total = ${EXPECTED_TOTAL}`);
  const [audit] = await baton.db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "AuditEvent" WHERE type = 'element.transition' AND "chainId" = ANY($1::text[])`,
    ids,
  );
  // Exactly once: the audit must hold each transition of each instance, no more, no less.
  if (audit!.n !== perInstance * count) {
    throw new Error(`expected ${perInstance * count} element.transition rows (${perInstance} per instance), found ${audit!.n}`);
  }
  const durations = latencyHistogram();
  const rows = await baton.db.$queryRawUnsafe<{ ms: number }[]>(
    `SELECT (extract(epoch FROM ("endedAt" - "startedAt")) * 1000)::float8 AS ms FROM "ProcessInstance" WHERE id = ANY($1::text[])`,
    ids,
  );
  for (const r of rows) recordMs(durations, r.ms);
  return { config, instances: count, transitions: audit!.n, wallMs: summary!.lastEnd - t0, durations };
}

async function diagnose(baton: Baton, ids: string[]): Promise<string> {
  const [s] = await baton.db.$queryRawUnsafe<{ statuses: unknown; incident: string | null; jobs: unknown; outbox: number }[]>(
    `SELECT (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) n FROM "ProcessInstance" WHERE id = ANY($1::text[]) GROUP BY status) x) AS statuses,
            (SELECT message FROM "Incident" WHERE "instanceId" = ANY($1::text[]) LIMIT 1) AS incident,
            (SELECT jsonb_object_agg(state, n) FROM (SELECT state, count(*) n FROM "Job" WHERE "instanceId" = ANY($1::text[]) GROUP BY state) y) AS jobs,
            (SELECT count(*)::int FROM "OutboxJob") AS outbox`,
    ids,
  );
  return `instances ${JSON.stringify(s!.statuses)}, jobs ${JSON.stringify(s!.jobs)}, outbox rows ${s!.outbox}${s!.incident ? `, incident: ${s!.incident}` : ""}`;
}

/** Dead rows of the previous configuration's updates must not slow the next one down. */
async function vacuum(baton: Baton): Promise<void> {
  await baton.db.$executeRawUnsafe(`VACUUM (ANALYZE) "ProcessInstance", "Job", "OutboxJob", "AppliedEvent", "AuditEvent"`);
}

/** Transitions of one instance, run by the pure engine with the echo answered in memory. */
async function transitionsPerInstance(ctx: ScenarioContext, xml: string): Promise<number> {
  const { compile, step } = await import("../../engine");
  const compiled = await compile(xml);
  if (!compiled.ok || !compiled.model) throw new Error(`bench/models/${MODEL} does not compile: ${JSON.stringify(compiled.errors.slice(0, 2))}`);
  const model = compiled.model;
  let n = 0;
  const sctx = { now: () => 0, newId: () => `x${n++}` };
  let r = step(model, null, { type: "start", variables: { stubUrl: "http://echo" } }, sctx);
  let transitions = r.effects.filter((e) => e.type === "transition").length;
  const calls = r.effects.filter((e) => e.type === "callService");
  let state = r.state;
  while (calls.length) {
    const call = calls.shift()!;
    if (call.type !== "callService" || call.call.kind !== "http") throw new Error(`unexpected effect ${call.type}`);
    r = step(model, state, { type: "serviceCompleted", jobId: call.jobId, result: { status: 200, headers: {}, body: call.call.body } }, sctx);
    transitions += r.effects.filter((e) => e.type === "transition").length;
    calls.push(...r.effects.filter((e) => e.type === "callService"));
    state = r.state;
  }
  const total = state.scopes[state.rootScopeId]?.vars.total;
  if (state.status !== "completed" || total !== EXPECTED_TOTAL) {
    throw new Error(`bench/models/${MODEL} run in memory ends ${state.status} with total ${JSON.stringify(total)}, expected completed with ${EXPECTED_TOTAL}`);
  }
  ctx.log(`model checked in memory: ${transitions} transitions per instance`);
  return transitions;
}
