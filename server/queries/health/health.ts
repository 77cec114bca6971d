// Liveness of the three parts Baton needs: PostgreSQL, Redis and at least one worker.
import { db } from "../../db/client";
import { env } from "../../env";
import { redis } from "../../redis";
import { liveWorkers } from "../../workers/heartbeat";

interface Check {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

async function timed<T>(fn: () => Promise<T>, timeoutMs = 2000): Promise<{ value?: T; check: Check }> {
  const start = performance.now();
  try {
    const value = await Promise.race([
      fn(),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref?.()),
    ]);
    return { value, check: { ok: true, latencyMs: Math.round(performance.now() - start) } };
  } catch (e) {
    return { check: { ok: false, error: e instanceof Error ? e.message : String(e) } };
  }
}

export async function health() {
  const e = env();
  const [database, redisPing] = await Promise.all([timed(() => db().$queryRaw`SELECT 1`), timed(() => redis().ping())]);
  let worker: Check & { live?: number } = { ok: false, error: "Redis is unreachable, so worker heartbeats cannot be read" };
  if (redisPing.check.ok) {
    const w = await timed(() => liveWorkers(redis(), e.REDIS_PREFIX, e.WORKER_HEARTBEAT_MS * 3));
    worker = w.check.ok
      ? w.value!.length > 0
        ? { ok: true, live: w.value!.length }
        : { ok: false, live: 0, error: "no worker heartbeat in the last " + (e.WORKER_HEARTBEAT_MS * 3) / 1000 + " s: start one with `npm start` or `npm run worker`" }
      : w.check;
  }
  const checks = { database: database.check, redis: redisPing.check, worker };
  const ok = Object.values(checks).every((c) => c.ok);
  return { status: ok ? ("ok" as const) : ("degraded" as const), checks };
}
