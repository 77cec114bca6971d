// Login attempts limited per account and per IP (fixed window in Redis; in-memory when
// Redis is unreachable, so an outage neither locks everyone out nor lifts the limit).
import { env } from "../env";
import { key, redis } from "../redis";

const memory = new Map<string, { count: number; resetAt: number }>();

async function hit(k: string, windowSec: number): Promise<number> {
  try {
    const r = redis();
    const [[, count]] = (await r.multi().incr(k).expire(k, windowSec, "NX").exec()) as [[unknown, number]];
    return count;
  } catch {
    const now = Date.now();
    const m = memory.get(k);
    if (!m || m.resetAt < now) {
      memory.set(k, { count: 1, resetAt: now + windowSec * 1000 });
      return 1;
    }
    m.count += 1;
    return m.count;
  }
}

async function peek(k: string): Promise<number> {
  try {
    return Number((await redis().get(k)) ?? 0);
  } catch {
    const m = memory.get(k);
    return m && m.resetAt > Date.now() ? m.count : 0;
  }
}

function keys(email: string, ip: string) {
  return { acct: key("login", "acct", email.toLowerCase()), ip: key("login", "ip", ip) };
}

export async function isLoginBlocked(email: string, ip: string): Promise<boolean> {
  const e = env();
  const k = keys(email, ip);
  const [a, i] = await Promise.all([peek(k.acct), peek(k.ip)]);
  // An IP gets more room than an account: several people may share one office address.
  return a >= e.LOGIN_MAX_ATTEMPTS || i >= e.LOGIN_MAX_ATTEMPTS * 4;
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  const e = env();
  const k = keys(email, ip);
  await Promise.all([hit(k.acct, e.LOGIN_WINDOW_SECONDS), hit(k.ip, e.LOGIN_WINDOW_SECONDS)]);
}

export async function clearLoginFailures(email: string): Promise<void> {
  const k = key("login", "acct", email.toLowerCase());
  try {
    await redis().del(k);
  } catch {
    memory.delete(k);
  }
}
