// Sign-in limits that slow an attacker without letting anyone lock a victim out (issue 17):
// - per account + address: LOGIN_MAX_ATTEMPTS failures are free, then each further attempt from
//   that address must wait 1 s, 2 s, 4 s … (at most MAX_DELAY_S) after the last failure;
// - per address, across accounts (password spraying): the same, after 4 × LOGIN_MAX_ATTEMPTS;
// - per account, from all addresses: past LOGIN_ACCOUNT_CEILING failures every attempt on the
//   account waits LOGIN_GUARD_DELAY_MS before its password is checked — a correct password still
//   signs in, so five (or five thousand) wrong guesses elsewhere cost the owner seconds, not the account.
// The address comes from server/http/client-ip.ts; when it is unknown (null) there are no
// per-address buckets, so one attacker cannot fill a bucket everyone shares. Counters live in
// Redis, in memory while Redis is unreachable (an outage neither locks people out nor lifts limits).
import { env } from "../env";
import { key, redis } from "../redis";

const MAX_DELAY_S = 300;

type Counter = { count: number; last: number };
const memory = new Map<string, Counter & { expiresAt: number }>();

/** Counts one failure; `sliding` keeps the key alive while failures go on (delays must not reset mid-attack). */
async function hit(k: string, windowSec: number, sliding: boolean): Promise<void> {
  const now = Date.now();
  try {
    const m = redis().multi().hincrby(k, "c", 1).hset(k, "t", String(now));
    await (sliding ? m.expire(k, windowSec) : m.expire(k, windowSec, "NX")).exec();
  } catch {
    const c = memory.get(k);
    const live = c && c.expiresAt > now ? c : { count: 0, last: 0, expiresAt: now + windowSec * 1000 };
    memory.set(k, { count: live.count + 1, last: now, expiresAt: sliding ? now + windowSec * 1000 : live.expiresAt });
  }
}

async function read(k: string): Promise<Counter> {
  try {
    const h = await redis().hgetall(k);
    return { count: Number(h.c ?? 0), last: Number(h.t ?? 0) };
  } catch {
    const c = memory.get(k);
    return c && c.expiresAt > Date.now() ? c : { count: 0, last: 0 };
  }
}

async function drop(k: string): Promise<void> {
  memory.delete(k);
  try {
    await redis().del(k);
  } catch {
    /* memory copy already gone */
  }
}

function keys(email: string, ip: string | null) {
  const account = email.trim().toLowerCase();
  return {
    account: key("login", "acct", account),
    pair: ip ? key("login", "pair", account, ip) : null,
    address: ip ? key("login", "ip", ip) : null,
  };
}

/** The pause after `failures` failures of which `free` cost nothing: 1 s, 2 s, 4 s … at most MAX_DELAY_S. */
export function backoffSeconds(failures: number, free: number): number {
  return failures < free ? 0 : Math.min(2 ** (failures - free), MAX_DELAY_S);
}

/** Milliseconds until `c` may try again. */
function waitMs(c: Counter, free: number, now: number): number {
  return Math.max(0, c.last + backoffSeconds(c.count, free) * 1000 - now);
}

export type LoginGate = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number };

/** Before checking a password: may this attempt go ahead, and after how long a pause? */
export async function checkLogin(email: string, ip: string | null): Promise<LoginGate> {
  const e = env();
  const k = keys(email, ip);
  const [account, pair, address] = await Promise.all([read(k.account), k.pair ? read(k.pair) : null, k.address ? read(k.address) : null]);
  const now = Date.now();
  const wait = Math.max(pair ? waitMs(pair, e.LOGIN_MAX_ATTEMPTS, now) : 0, address ? waitMs(address, e.LOGIN_MAX_ATTEMPTS * 4, now) : 0);
  if (wait > 0) return { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
  return { allowed: true, delayMs: account.count >= e.LOGIN_ACCOUNT_CEILING ? e.LOGIN_GUARD_DELAY_MS : 0 };
}

/** `checkLogin`, then the pause it asks for: returns the seconds to wait when refused, else null. */
export async function gateLogin(email: string, ip: string | null): Promise<number | null> {
  const gate = await checkLogin(email, ip);
  if (!gate.allowed) return gate.retryAfterSeconds;
  if (gate.delayMs > 0) await new Promise((r) => setTimeout(r, gate.delayMs));
  return null;
}

export async function recordLoginFailure(email: string, ip: string | null): Promise<void> {
  const e = env();
  const k = keys(email, ip);
  await Promise.all([
    hit(k.account, e.LOGIN_WINDOW_SECONDS, false),
    k.pair ? hit(k.pair, e.LOGIN_WINDOW_SECONDS, true) : null,
    k.address ? hit(k.address, e.LOGIN_WINDOW_SECONDS, true) : null,
  ]);
}

/**
 * A correct password from this address ends its own delay. The account's count stays until its
 * window ends: otherwise the owner signing in would hand the attacker a fresh set of guesses.
 */
export async function recordLoginSuccess(email: string, ip: string | null): Promise<void> {
  const k = keys(email, ip);
  if (k.pair) await drop(k.pair);
}

/** Time as a person reads it: "1 second", "5 minutes". */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
