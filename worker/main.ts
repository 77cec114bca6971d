// The worker process: checks Redis, then heartbeats so /api/health can see it.
// Job processors register here as the runtime grows (server/queues/catalog.ts).
import crypto from "node:crypto";
import os from "node:os";
import { env } from "../server/env";
import { logger } from "../server/log";
import { createRedis } from "../server/redis";
import { beat, removeWorker } from "../server/workers/heartbeat";
import { assertNoEviction } from "../server/workers/redis-policy";

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
log.info({ heartbeatMs: e.WORKER_HEARTBEAT_MS }, "worker started");

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping");
  clearInterval(timer);
  await removeWorker(r, e.REDIS_PREFIX, workerId).catch(() => {});
  r.disconnect();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
