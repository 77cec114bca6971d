// Email + password sign-in (next-auth's credentials provider calls this): the limits of
// rate-limit.ts, scrypt, and an audit event carrying the address client-ip.ts vouches for.
import { z } from "zod";
import { appendAudit } from "../audit/append";
import { metrics } from "../metrics/metrics";
import { db } from "../db/client";
import { clientIp } from "../http/client-ip";
import { verifyPassword } from "./password";
import { gateLogin, recordLoginFailure, recordLoginSuccess, waitText } from "./rate-limit";

const ZCredentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(1024) });

export const SIGN_IN_ERRORS = {
  invalid: "Email or password is incorrect.",
  wait: (seconds: number) => `Too many failed sign-in attempts from here. Try again in ${waitText(seconds)}.`,
} as const;

async function auditSignIn(organizationId: string, userId: string, ok: boolean, ip: string | null) {
  await db().$transaction((tx) =>
    appendAudit(tx, [{ organizationId, type: ok ? "auth.signed_in" : "auth.sign_in_failed", actorId: userId, payload: { method: "password", ip: ip ?? "unknown" } }]),
  );
}

/** The signed-in user, or an Error whose message the sign-in form shows. */
export async function signInWithPassword(
  raw: unknown,
  request: { headers?: Headers | Record<string, string | string[] | undefined> },
): Promise<{ id: string; email: string; name: string }> {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalid);
  const { email, password } = parsed.data;
  const ip = clientIp(request);
  const retryAfter = await gateLogin(email, ip);
  if (retryAfter !== null) throw new Error(SIGN_IN_ERRORS.wait(retryAfter));
  const user = await db().user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!user || !ok || user.disabled) {
    await recordLoginFailure(email, ip);
    metrics().signInFailures.inc({ method: "password" });
    if (user) await auditSignIn(user.organizationId, user.id, false, ip);
    throw new Error(SIGN_IN_ERRORS.invalid);
  }
  await recordLoginSuccess(email, ip);
  await db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await auditSignIn(user.organizationId, user.id, true, ip);
  return { id: user.id, email: user.email, name: user.name };
}
