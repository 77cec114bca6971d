// BullMQ loses jobs if Redis evicts keys: refuse to run unless maxmemory-policy is noeviction.
import type { Redis } from "ioredis";

export async function evictionPolicy(r: Redis): Promise<string> {
  try {
    const res = (await r.config("GET", "maxmemory-policy")) as string[];
    if (res?.[1]) return res[1];
  } catch {
    // CONFIG is often disabled on managed Redis; INFO still tells.
  }
  const info = await r.info("memory");
  return /maxmemory_policy:(\S+)/.exec(info)?.[1] ?? "unknown";
}

export async function assertNoEviction(r: Redis): Promise<void> {
  const policy = await evictionPolicy(r);
  if (policy !== "noeviction") {
    throw new Error(
      `Redis maxmemory-policy is "${policy}"; Baton needs "noeviction" or queued jobs can silently disappear.\n` +
        `Fix: redis-cli CONFIG SET maxmemory-policy noeviction (and set "maxmemory-policy noeviction" in redis.conf).`,
    );
  }
}
