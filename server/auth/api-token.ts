// API tokens for integrations: `bt_<prefix>_<secret>`. Only the sha-256 of the whole token
// is stored; the prefix lets people recognise a token in lists without revealing it.
import crypto from "node:crypto";
import type { Actor } from "../authz/actor";
import type { Db } from "../db/client";
import { loadActor } from "./load-actor";

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export function newTokenSecret(): { token: string; prefix: string; hash: string } {
  const prefix = crypto.randomBytes(4).toString("hex");
  const token = `bt_${prefix}_${crypto.randomBytes(24).toString("base64url")}`;
  return { token, prefix: `bt_${prefix}`, hash: hashToken(token) };
}

/** The actor behind a bearer token, or null when it is unknown, revoked or expired. */
export async function actorFromToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  if (!/^bt_[0-9a-f]{8}_[\w-]{20,}$/.test(token)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  const actor = await loadActor(db, row.userId, "token");
  if (!actor || actor.organizationId !== row.organizationId) return null;
  // Throttled bookkeeping: at most one write per token per minute.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => {});
  }
  return { ...actor, tokenScopes: row.scopes.length ? row.scopes : undefined, tokenJobTypes: row.jobTypes.length ? row.jobTypes : undefined };
}
