// Revoked API tokens stop working in every process at once. Each web process keeps a short
// token → actor cache (api-token.ts); a revocation is published on Redis and every process drops
// its entry. A process caches nothing until its subscription is confirmed, and forgets everything
// when the subscriber connection drops (messages sent meanwhile are lost), so a revocation is never
// missed for a whole cache lifetime — without Redis, tokens are simply looked up on every request.
import type { Redis } from "ioredis";
import { env } from "../env";
import { logger } from "../log";
import { createRedis, redis } from "../redis";

type Forget = (tokenHash?: string) => void;

interface Listener {
  sub: Redis;
  channel: string;
  live: boolean;
}

const holder = globalThis as unknown as { __batonTokenRevocations?: Listener };

const channelFor = (prefix: string) => `${prefix}:auth:token-revoked`;

/** Starts this process's subscription (once). Returns whether it is live: only then may tokens be cached. */
export function listenForTokenRevocations(forget: Forget): boolean {
  if (holder.__batonTokenRevocations) return holder.__batonTokenRevocations.live;
  const e = env();
  const l: Listener = { sub: createRedis(e.REDIS_URL, { forBullmq: true }), channel: channelFor(e.REDIS_PREFIX), live: false };
  holder.__batonTokenRevocations = l;
  l.sub.on("error", (err) => logger.warn({ err: err.message }, "token revocation subscriber: redis error; tokens are looked up on every request until it is back"));
  l.sub.on("message", (channel: string, message: string) => {
    if (channel === l.channel) forget(message === "*" ? undefined : message);
  });
  l.sub.on("close", () => {
    if (!l.live) return;
    l.live = false;
    forget();
  });
  // On every (re)connect: subscribe, then cache again. Subscribing twice to a channel is harmless.
  l.sub.on("ready", () => {
    l.sub.subscribe(l.channel).then(
      () => (l.live = true),
      (err: Error) => logger.warn({ err: err.message }, "token revocation subscriber: subscribe failed"),
    );
  });
  return false;
}

/** Tells every process to drop its cached actor of `tokenHash` (all tokens when omitted). */
export async function announceTokenRevocation(tokenHash?: string): Promise<void> {
  try {
    await redis().publish(channelFor(env().REDIS_PREFIX), tokenHash ?? "*");
  } catch (err) {
    // Other processes then drop the entry when it expires (seconds).
    logger.warn({ err: (err as Error).message }, "could not announce a token revocation to other processes");
  }
}
