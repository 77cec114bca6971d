// The worker process: checks Redis, heartbeats for /api/health, runs the job processors
// and the reconciler. Start as many as you like; they share the work through BullMQ.
import crypto from "node:crypto";
import os from "node:os";
import { createDb } from "../server/db/client";
import { env } from "../server/env";
import { logger } from "../server/log";
import { createRedis } from "../server/redis";
import { beat, removeWorker } from "../server/workers/heartbeat";
import { assertNoEviction } from "../server/workers/redis-policy";
import { startWorker } from "./start-worker";

const e = env();
const workerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
const log = logger.child({ workerId });
const r = createRedis(e.REDIS_URL, { forBullmq: true });
r.on("error", (err) => log.warn({ err: err.message }, "redis connection error"));

try {
  await assertNoEviction(r);
} catch (err) {
  log.fatal((err as Error).message);
  process.exit(1);
}

const db = createDb(e.DATABASE_URL, 10);
const worker = await startWorker({
  db,
  redisUrl: e.REDIS_URL,
  prefix: e.REDIS_PREFIX,
  workerId,
  batchSize: e.WORKER_BATCH_SIZE,
  batchWaitMs: e.WORKER_BATCH_WAIT_MS,
  concurrency: e.WORKER_CONCURRENCY,
  reconcileMs: e.RECONCILE_INTERVAL_MS,
  jobLockMs: e.WORKER_JOB_LOCK_MS,
  serviceCallLockMs: e.SERVICE_CALL_LOCK_MS,
  ...(e.WORKER_METRICS_PORT ? { metrics: { port: e.WORKER_METRICS_PORT, host: e.METRICS_HOST, token: e.METRICS_TOKEN } } : {}),
});

let stopping = false;
const tick = async () => {
  try {
    await beat(r, e.REDIS_PREFIX, workerId);
  } catch (err) {
    log.warn({ err: (err as Error).message }, "heartbeat failed; will retry");
  }
};
await tick();
const timer = setInterval(tick, e.WORKER_HEARTBEAT_MS);
log.info({ heartbeatMs: e.WORKER_HEARTBEAT_MS, batchSize: e.WORKER_BATCH_SIZE }, "worker started");

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping");
  // Graceful, but bounded: with Redis or PostgreSQL gone, closing could wait forever.
  setTimeout(() => process.exit(1), 10_000).unref();
  clearInterval(timer);
  await worker.stop().catch((err) => log.warn({ err: (err as Error).message }, "stop failed"));
  await removeWorker(r, e.REDIS_PREFIX, workerId).catch(() => {});
  await db.$disconnect();
  r.disconnect();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
