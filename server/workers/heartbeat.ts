// Worker liveness in Redis: a sorted set of worker ids scored by their last beat (ms).
import type { Redis } from "ioredis";

export function heartbeatKey(prefix: string): string {
  return `${prefix}:workers:heartbeat`;
}

export async function beat(r: Redis, prefix: string, workerId: string, now = Date.now()): Promise<void> {
  await r.zadd(heartbeatKey(prefix), now, workerId);
}

export async function removeWorker(r: Redis, prefix: string, workerId: string): Promise<void> {
  await r.zrem(heartbeatKey(prefix), workerId);
}

/** Workers whose last beat is within maxAgeMs; forgets the long dead ones. */
export async function liveWorkers(r: Redis, prefix: string, maxAgeMs: number, now = Date.now()) {
  const k = heartbeatKey(prefix);
  await r.zremrangebyscore(k, 0, now - 24 * 3600_000);
  const rows = await r.zrangebyscore(k, now - maxAgeMs, "+inf", "WITHSCORES");
  const out: { id: string; lastBeatAt: number }[] = [];
  for (let i = 0; i < rows.length; i += 2) out.push({ id: rows[i], lastBeatAt: Number(rows[i + 1]) });
  return out;
}
