// ioredis connections for the web and the worker. BullMQ needs maxRetriesPerRequest: null.
import { Redis } from "ioredis";
import { env } from "./env";

const holder = globalThis as unknown as { __batonRedis?: Redis };

export function createRedis(url = env().REDIS_URL, opts: { forBullmq?: boolean; lazy?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: opts.forBullmq ? null : 1,
    // Commands issued before the first connect wait for it; while Redis is down they fail
    // after commandTimeout instead of hanging (health answers 503 promptly).
    enableOfflineQueue: true,
    ...(opts.forBullmq ? {} : { commandTimeout: 1500 }),
    lazyConnect: opts.lazy ?? false,
    connectTimeout: 2000,
    // Keep reconnecting quietly; health reports the outage.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

/** Shared connection for short commands (rate limits, health, pub/sub publish). */
export function redis(): Redis {
  if (!holder.__batonRedis) {
    holder.__batonRedis = createRedis();
    holder.__batonRedis.on("error", () => {
      /* reported by /api/health; avoid unhandled error events */
    });
  }
  return holder.__batonRedis;
}

export function key(...parts: string[]): string {
  return [env().REDIS_PREFIX, ...parts].join(":");
}

/** Closes the shared connection (scripts and benchmarks that must exit); the next use reopens it. */
export function closeRedis(): void {
  holder.__batonRedis?.disconnect();
  delete holder.__batonRedis;
}
