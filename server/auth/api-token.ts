// API tokens for integrations: `bt_<prefix>_<secret>`. Only the sha-256 of the whole token
// is stored; the prefix lets people recognise a token in lists without revealing it.
import crypto from "node:crypto";
import type { Actor } from "../authz/actor";
import type { Db } from "../db/client";
import { loadActor } from "./load-actor";
import { listenForTokenRevocations } from "./token-revocations";

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export function newTokenSecret(): { token: string; prefix: string; hash: string } {
  const prefix = crypto.randomBytes(4).toString("hex");
  const token = `bt_${prefix}_${crypto.randomBytes(24).toString("base64url")}`;
  return { token, prefix: `bt_${prefix}`, hash: hashToken(token) };
}

// Integrations call many times a second: the actor behind a token is kept for a few seconds
// (three queries saved per request). A revocation clears it at once in every process
// (token-revocations.ts: Redis pub/sub); a role change or disabled account takes effect within
// CACHE_MS. BATON_TOKEN_CACHE_MS exists for tests that must tell the two apart.
const CACHE_MS = /^\d+$/.test(process.env.BATON_TOKEN_CACHE_MS ?? "") ? Number(process.env.BATON_TOKEN_CACHE_MS) : 5000;
const cache = new Map<string, { actor: Actor; expiresAt: number; tokenExpiresAt: number | null }>();
const inflight = new Map<string, Promise<Actor | null>>();

/** Bumped by forgetToken: a lookup that started before it must not refill the cache. */
let generation = 0;

export function forgetToken(tokenHash?: string): void {
  generation++;
  if (tokenHash) {
    cache.delete(tokenHash);
    inflight.delete(tokenHash);
  } else {
    cache.clear();
    inflight.clear();
  }
}

/** The actor behind a bearer token, or null when it is unknown, revoked or expired. */
export async function actorFromToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  if (!/^bt_[0-9a-f]{8}_[\w-]{20,}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  const hit = cache.get(tokenHash);
  if (hit && hit.expiresAt > now.getTime() && (hit.tokenExpiresAt === null || hit.tokenExpiresAt > now.getTime())) return hit.actor;
  // Requests arriving together when the entry expires share one lookup (no stampede at 64 clients).
  const pending = inflight.get(tokenHash);
  if (pending) return pending;
  const lookup: Promise<Actor | null> = lookupToken(db, tokenHash, now).finally(() => {
    if (inflight.get(tokenHash) === lookup) inflight.delete(tokenHash);
  });
  inflight.set(tokenHash, lookup);
  return lookup;
}

async function lookupToken(db: Db, tokenHash: string, now: Date): Promise<Actor | null> {
  const startedIn = generation;
  const row = await db.apiToken.findUnique({ where: { tokenHash } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) {
    cache.delete(tokenHash);
    return null;
  }
  const loaded = await loadActor(db, row.userId, "token");
  if (!loaded || loaded.organizationId !== row.organizationId) return null;
  // Throttled bookkeeping: at most one write per token per minute.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => {});
  }
  const actor: Actor = { ...loaded, tokenScopes: row.scopes.length ? row.scopes : undefined, tokenJobTypes: row.jobTypes.length ? row.jobTypes : undefined };
  if (startedIn !== generation) return actor; // revoked (or changed) meanwhile: answer, do not cache
  // Cached only while this process hears revocations from the others.
  if (!listenForTokenRevocations(forgetToken)) return actor;
  if (cache.size > 10_000) cache.clear();
  cache.set(tokenHash, { actor, expiresAt: now.getTime() + CACHE_MS, tokenExpiresAt: row.expiresAt?.getTime() ?? null });
  return actor;
}
