// Long polls of job activation wait here without busy loops: one Redis subscriber per process
// (a pattern over the prefix's job channels, see runtime/wake.ts) fans each publish out in
// memory to the requests waiting for that organization's job type.
import type { Redis } from "ioredis";
import { env } from "../../env";
import { logger } from "../../log";
import { createRedis } from "../../redis";
import { jobChannel } from "../../runtime/wake";

export interface JobWait {
  /**
   * Resolves true when jobs of the type were announced since registration (or the previous
   * call), false after `ms` or when `signal` aborts. A wake that came early is not lost.
   */
  next(ms: number, signal?: AbortSignal): Promise<boolean>;
  close(): void;
}

class Waiter implements JobWait {
  private woken = false;
  private resolve: ((woken: boolean) => void) | undefined;
  constructor(private readonly remove: (w: Waiter) => void) {}

  wake(): void {
    if (this.resolve) this.resolve(true);
    else this.woken = true;
  }

  next(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve(true);
    }
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.resolve = undefined;
        resolve(v);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
      this.resolve = done;
    });
  }

  close(): void {
    this.resolve?.(false);
    this.remove(this);
  }
}

const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

export class JobWaiters {
  private readonly sub: Redis;
  private readonly base: string;
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly subscribed: Promise<void>;

  constructor(redisUrl: string, prefix: string) {
    this.base = jobChannel(prefix, "");
    // Offline queue on: the subscription is sent once connected, and ioredis re-subscribes after a reconnect.
    this.sub = createRedis(redisUrl, { forBullmq: true });
    this.sub.on("error", (err) => logger.warn({ err: err.message }, "job wake subscriber: redis error; long polls fall back to re-checking"));
    this.sub.on("pmessage", (_pattern: string, channel: string, message: string) => this.onMessage(channel, message));
    this.subscribed = this.sub.psubscribe(`${globEscape(this.base)}*`).then(() => undefined);
    this.subscribed.catch(() => {});
  }

  /** Waits (at most `ms`) for the subscription; without it, waiters still re-check on their own. */
  async ready(ms = 1000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
    try {
      return await Promise.race([this.subscribed.then(() => true, () => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  register(organizationId: string, type: string): JobWait {
    const key = `${organizationId}\u0000${type}`;
    let set = this.waiters.get(key);
    if (!set) this.waiters.set(key, (set = new Set()));
    const w = new Waiter((x) => {
      set.delete(x);
      if (!set.size && this.waiters.get(key) === set) this.waiters.delete(key);
    });
    set.add(w);
    return w;
  }

  /** Requests waiting right now (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const s of this.waiters.values()) n += s.size;
    return n;
  }

  private onMessage(channel: string, message: string): void {
    if (!channel.startsWith(this.base)) return;
    const org = channel.slice(this.base.length);
    let types: unknown;
    try {
      types = JSON.parse(message);
    } catch {
      return;
    }
    if (!Array.isArray(types)) return;
    for (const type of types) {
      const set = this.waiters.get(`${org}\u0000${String(type)}`);
      if (set) for (const w of [...set]) w.wake();
    }
  }

  async close(): Promise<void> {
    for (const set of this.waiters.values()) for (const w of [...set]) w.close();
    this.sub.disconnect();
  }
}

const holder = globalThis as unknown as { __batonJobWaiters?: JobWaiters };

/** The process-wide hub for REDIS_URL / REDIS_PREFIX (kept on globalThis across Next dev reloads). */
export function jobWaiters(): JobWaiters {
  holder.__batonJobWaiters ??= new JobWaiters(env().REDIS_URL, env().REDIS_PREFIX);
  return holder.__batonJobWaiters;
}

export async function closeJobWaiters(): Promise<void> {
  const w = holder.__batonJobWaiters;
  holder.__batonJobWaiters = undefined;
  await w?.close();
}
