// Assembles a worker: BullMQ processors for every queue of the catalog, the batcher that
// applies their events, and the reconciler loop. Used by worker/main.ts and by tests.
import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "../server/db/client";
import { logger } from "../server/log";
import { parsePayload, type QueueName } from "../server/queues/catalog";
import { closeQueues, createQueues } from "../server/queues/queues";
import { createRedis } from "../server/redis";
import { Batcher } from "../server/runtime/batcher";
import { reconcileOutbox } from "../server/runtime/outbox";
import { reconcileExpiredJobLocks, runServiceCall } from "../server/runtime/service-calls";
import { handleAdvance } from "./handlers/advance";
import { handleCorrelateMessage } from "./handlers/correlate-message";
import { handleMessagePublish } from "./handlers/message-publish";
import { handleStartChild } from "./handlers/start-child";
import { handleTimer } from "./handlers/timer";
import { startMetricsServer } from "./metrics-server";
import { notifyTask } from "../server/notifications/notify-task";
import { logContext, type LogContext } from "../server/log-context";

export interface WorkerOptions {
  db: Db;
  redisUrl: string;
  prefix: string;
  workerId: string;
  batchSize?: number;
  batchWaitMs?: number;
  concurrency?: number;
  reconcileMs?: number;
  /** BullMQ lock of a job being processed: a crashed worker's jobs run again after it. */
  jobLockMs?: number;
  serviceCallLockMs?: number;
  /** Prometheus endpoint (worker/metrics-server.ts); off unless a port and a token are given. */
  metrics?: { port: number; host: string; token: string | undefined };
}

export interface RunningWorker {
  batcher: Batcher;
  reconcileNow(): Promise<{ outbox: number; locks: number }>;
  stop(): Promise<void>;
}

export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const log = logger.child({ workerId: o.workerId });
  const conn: Redis = createRedis(o.redisUrl, { forBullmq: true });
  conn.on("error", (e) => log.warn({ err: e.message }, "redis error"));
  const queues = createQueues(conn, o.prefix);
  const batcher = new Batcher(o.db, queues, { maxBatch: o.batchSize, maxWaitMs: o.batchWaitMs });
  const concurrency = o.concurrency ?? 128;

  const processors: Record<QueueName, (job: Job) => Promise<unknown>> = {
    advance: (job) => handleAdvance(batcher, job.id!, parsePayload("advance", job.data)),
    "start-child": (job) => handleStartChild(o.db, batcher, job.id!, parsePayload("start-child", job.data)),
    timer: (job) => handleTimer(o.db, batcher, job.id!, parsePayload("timer", job.data)),
    "service-call": (job) => runServiceCall(o.db, queues, batcher, job.id!, parsePayload("service-call", job.data).jobId, o.workerId, o.serviceCallLockMs),
    "correlate-message": (job) => handleCorrelateMessage(o.db, queues, job.id!, parsePayload("correlate-message", job.data)),
    "message-publish": (job) => handleMessagePublish(o.db, job.id!, parsePayload("message-publish", job.data)),
    notify: (job) => notifyTask(o.db, job.id!, parsePayload("notify", job.data)),
  };
  const workers = (Object.keys(processors) as QueueName[]).map(
    (name) =>
      new Worker(name, async (job) => logContext.run(jobLogContext(name, job), () => processors[name](job)), {
        connection: createRedis(o.redisUrl, { forBullmq: true }),
        prefix: o.prefix,
        concurrency: name === "service-call" ? Math.min(concurrency, 64) : concurrency,
        lockDuration: o.jobLockMs ?? 30_000,
        stalledInterval: Math.max(1000, Math.floor((o.jobLockMs ?? 30_000) / 2)),
      }),
  );
  for (const w of workers) {
    w.on("failed", (job, err) => log.warn({ queue: w.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "job failed"));
    w.on("error", (err) => {
      // BullMQ could not move a finished job because its key is gone — Redis was flushed, or the
      // reconciler re-published the job. Harmless: the work is committed in PostgreSQL, applied once
      // by event id (durability.test.ts counts every timer's and job's outcome after a FLUSHALL).
      if (/^Missing key for job /.test(err.message)) log.info({ queue: w.name, err: err.message }, "finished job's Redis key was gone; its outcome is in PostgreSQL");
      else log.warn({ queue: w.name, err: err.message }, "worker error");
    });
  }

  let reconciling = false;
  const reconcileNow = async () => {
    if (reconciling) return { outbox: 0, locks: 0 };
    reconciling = true;
    try {
      const locks = await reconcileExpiredJobLocks(o.db, queues);
      const outbox = await reconcileOutbox(o.db, queues, conn);
      if (outbox || locks) log.info({ outbox, locks }, "reconciled");
      return { outbox, locks };
    } finally {
      reconciling = false;
    }
  };
  const metricsServer = o.metrics?.token ? startMetricsServer({ db: o.db, queues, ...o.metrics }) : null;
  if (o.metrics && !o.metrics.token) log.warn("WORKER_METRICS_PORT is set but METRICS_TOKEN is not: the worker serves no metrics");
  const loop = setInterval(() => reconcileNow().catch((e) => log.warn({ err: (e as Error).message }, "reconcile failed")), o.reconcileMs ?? 2000);
  await reconcileNow().catch((e) => log.warn({ err: (e as Error).message }, "first reconcile failed"));

  return {
    batcher,
    reconcileNow,
    async stop() {
      clearInterval(loop);
      metricsServer?.close();
      await Promise.all(workers.map((w) => w.close()));
      await batcher.drain();
      await closeQueues(queues);
      conn.disconnect();
    },
  };
}

/** Log fields of a job: its id and queue, the instance and the request it came from when it says. */
function jobLogContext(queue: string, job: Job): LogContext {
  const data = (job.data ?? {}) as Record<string, unknown>;
  const ctx: LogContext = { queue };
  if (job.id) ctx.jobId = job.id;
  const instanceId = data.instanceId ?? data.parentInstanceId;
  if (typeof instanceId === "string") ctx.instanceId = instanceId;
  if (typeof data.requestId === "string") ctx.requestId = data.requestId;
  return ctx;
}
