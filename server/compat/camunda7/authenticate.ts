// Who calls /engine-rest: HTTP Basic with a Baton user's email and either their password or one
// of their API tokens, or `Authorization: Bearer <API token>` as on Baton's own API.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { actorFromToken } from "../../auth/api-token";
import { loadActor } from "../../auth/load-actor";
import { verifyPassword } from "../../auth/password";
import { gateLogin, recordLoginFailure, recordLoginSuccess, waitText } from "../../auth/rate-limit";
import { db } from "../../db/client";
import { clientIp } from "../../http/client-ip";
import { authenticate as batonAuthenticate } from "../../http/define-route";
import { textIssue } from "../../input-limits";
import { C7Error } from "./errors";

// Workers poll several times a second: a verified password is remembered for a minute (as an
// HMAC under a per-process key, never the password), so each poll does not pay for scrypt.
// The user is still read on every request: a disabled user or a changed password stops at once.
const VERIFIED_TTL_MS = 60_000;
const verifiedKey = crypto.randomBytes(32);
const verified = new Map<string, { userId: string; passwordHash: string; until: number }>();
const fingerprint = (email: string, password: string) => crypto.createHmac("sha256", verifiedKey).update(`${email.toLowerCase()}\0${password}`).digest("base64");

function remember(fp: string, userId: string, passwordHash: string): void {
  if (verified.size >= 1000) verified.clear();
  verified.set(fp, { userId, passwordHash, until: Date.now() + VERIFIED_TTL_MS });
}

const unauthenticated = (message: string) => new C7Error(401, "AuthenticationException", message);

function decodeBasic(header: string): { username: string; password: string } | null {
  let decoded: string;
  try {
    decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  // A user name PostgreSQL cannot hold (NUL, controls) matches no user: malformed, not a 500.
  if (colon < 1 || textIssue(decoded.slice(0, colon), "id")) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function authenticateC7(request: Request): Promise<Actor> {
  const header = request.headers.get("authorization") ?? "";
  if (!header.toLowerCase().startsWith("basic ")) {
    const actor = await batonAuthenticate(request);
    if (actor) return actor;
    throw unauthenticated(
      header ? "The bearer token is unknown, revoked or expired." : "Send HTTP Basic credentials (a Baton user's email and password or API token) or `Authorization: Bearer <API token>`.",
    );
  }
  const creds = decodeBasic(header);
  if (!creds) throw unauthenticated("The Basic credentials are malformed: send base64(email:password).");
  const { username, password } = creds;
  // An API token as the password: it must belong to the named user.
  if (/^bt_[0-9a-f]{8}_/.test(password)) {
    const actor = await actorFromToken(db(), password);
    if (!actor || (actor.email.toLowerCase() !== username.toLowerCase() && actor.userId !== username)) {
      throw unauthenticated("The API token is unknown, revoked or expired, or belongs to another user than the Basic user name.");
    }
    return actor;
  }
  const fp = fingerprint(username, password);
  const known = verified.get(fp);
  if (known && known.until > Date.now()) {
    const current = await db().user.findUnique({ where: { id: known.userId }, select: { passwordHash: true } });
    const actor = current?.passwordHash === known.passwordHash ? await loadActor(db(), known.userId, "session") : null;
    if (actor) return actor;
  }
  verified.delete(fp);
  const ip = clientIp(request);
  const retryAfter = await gateLogin(username, ip);
  if (retryAfter !== null) throw new C7Error(429, "AuthenticationException", `Too many failed sign-ins from this address; try again in ${waitText(retryAfter)}, or use an API token.`);
  const user = await db().user.findUnique({ where: { email: username }, select: { id: true, passwordHash: true, disabled: true } });
  const ok = await verifyPassword(password, user?.passwordHash);
  const actor = user && ok && !user.disabled ? await loadActor(db(), user.id, "session") : null;
  if (!actor) {
    await recordLoginFailure(username, ip);
    throw unauthenticated("Wrong email or password.");
  }
  await recordLoginSuccess(username, ip);
  remember(fp, actor.userId, user!.passwordHash!);
  return actor;
}
