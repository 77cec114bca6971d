// Job hand-off: how long from a job being created (its transaction's time) until a worker that
// is already long-polling for its type receives it — the wake through Redis pub/sub, the
// activation's SKIP LOCKED claim and the answer. The activation and the start run in this
// process, as the web process runs them for REST workers.
import type { Scenario } from "../harness/types";
import { ensureEnvDatabaseUrl, openBaton, openQueues } from "../harness/baton";

const scenario: Scenario = {
  name: "job-wake",
  description:
    "start -> job (zeebe:taskDefinition) -> end; one activation long-polls (requestTimeout 10 s) for the type, then an instance is started: " +
    "delivery latency = activation answered - Job.createdAt, one job at a time",
  requires: ["postgres", "redis"],
  async run(ctx) {
    const samples = ctx.pick({ tiny: 10, quick: 100, full: 300 });
    ensureEnvDatabaseUrl(ctx);
    const baton = await openBaton(ctx);
    const { env } = await import("../../server/env");
    // Wakes are published on the process's configured prefix; listen and enqueue under the same one.
    const q = await openQueues(env().REDIS_URL, env().REDIS_PREFIX);
    const { activateJobs } = await import("../../server/commands/jobs/activate-jobs");
    const { completeJob } = await import("../../server/commands/jobs/complete-job");
    const { startInstance } = await import("../../server/commands/instances/start-instance");
    const { jobWaiters, closeJobWaiters } = await import("../../server/commands/jobs/job-waiters");
    try {
      await baton.deploy("job.bpmn");
      const deps = { db: baton.db, queues: q.queues };
      const latencies: number[] = [];
      for (let i = 0; i < samples; i++) {
        ctx.signal?.throwIfAborted();
        const waiting = activateJobs(baton.admin, { type: "bench-wake", worker: "bench", maxJobsToActivate: 1, requestTimeout: 10_000, timeout: 60_000 }, { db: baton.db, waiters: jobWaiters() });
        // Let the activation find nothing and start waiting before the job exists.
        await new Promise((r) => setTimeout(r, 15));
        await startInstance(baton.admin, { key: "bench_job", variables: { i } }, deps);
        const { jobs } = await waiting;
        const received = Date.now();
        if (jobs.length !== 1) throw new Error(`activation ${i} returned ${jobs.length} jobs`);
        const row = await baton.db.job.findUniqueOrThrow({ where: { id: jobs[0]!.key }, select: { createdAt: true } });
        latencies.push(received - row.createdAt.getTime());
        await completeJob(baton.admin, { jobId: jobs[0]!.key, worker: "bench", variables: {} }, deps);
      }
      ctx.record.latency("baton.job.wake", latencies, { compare: "p95", target: { max: 50 } });
    } finally {
      await closeJobWaiters().catch(() => {});
      (await import("../../server/redis")).closeRedis();
      await q.close();
      await baton.close();
    }
  },
};
export default scenario;
