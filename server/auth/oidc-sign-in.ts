// Single sign-on (next-auth's OIDC provider calls this from its signIn callback): links the
// identity to a Baton user (by subject, then by verified email), provisions new people into
// OIDC_DEFAULT_ORGANIZATION as `user`, refuses accounts disabled in Baton, applies the group
// claim (oidc-groups.ts) and audits the outcome like a password sign-in.
import crypto from "node:crypto";
import { appendAudit } from "../audit/append";
import { Prisma, type Db } from "../db/client";
import { groupClaimValues, syncOidcGroups } from "./oidc-groups";

/** Codes the sign-in page turns into a message (app/signin/page.tsx). */
export type OidcSignInError = "NoAccount" | "AccountDisabled" | "EmailNotVerified";

export interface OidcSignInConfig {
  defaultOrganization: string;
  groupsClaim: string;
}

export type OidcSignInResult = { ok: true; userId: string; provisioned: boolean } | { ok: false; error: OidcSignInError };

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

export async function signInWithOidc(
  db: Db,
  input: { subject: string; claims: Record<string, unknown>; ip: string | null },
  config: OidcSignInConfig,
  retried = false,
): Promise<OidcSignInResult> {
  const { subject, claims, ip } = input;
  const email = text(claims.email)?.toLowerCase();
  const name = text(claims.name) ?? text(claims.preferred_username) ?? email ?? subject;
  // An address the provider says it has not verified must not take over (or claim) a Baton account.
  const emailTrusted = Boolean(email) && claims.email_verified !== false && claims.email_verified !== "false";
  const groups = groupClaimValues(claims, config.groupsClaim);
  const audit = { method: "oidc", ip: ip ?? "unknown", subject };

  let user = await db.user.findUnique({ where: { oidcSubject: subject } });
  let link = false;
  if (!user && email) {
    user = await db.user.findUnique({ where: { email } });
    link = Boolean(user);
  }
  if (user?.disabled) {
    const { id, organizationId } = user;
    await db.$transaction((tx) => appendAudit(tx, [{ organizationId, type: "auth.sign_in_failed", actorId: id, payload: { ...audit, reason: "disabled" } }]));
    return { ok: false, error: "AccountDisabled" };
  }
  if (!email && !user) return { ok: false, error: "NoAccount" };
  if ((link || !user) && !emailTrusted) return { ok: false, error: "EmailNotVerified" };

  let organizationId = user?.organizationId;
  if (!organizationId) {
    const org = await db.organization.findUnique({ where: { slug: config.defaultOrganization } });
    if (!org) return { ok: false, error: "NoAccount" };
    organizationId = org.id;
  }
  const orgId = organizationId;
  const provisioned = !user;
  const userId = user?.id ?? crypto.randomUUID();
  try {
    await db.$transaction(async (tx) => {
      if (provisioned) {
        await tx.user.create({
          data: { id: userId, organizationId: orgId, email: email!, name, oidcSubject: subject, lastLoginAt: new Date(), memberships: { create: { organizationId: orgId, role: "user" } } },
        });
      } else {
        await tx.user.update({ where: { id: userId }, data: { lastLoginAt: new Date(), ...(link ? { oidcSubject: subject } : {}) } });
      }
      const sync = groups ? await syncOidcGroups(tx, { id: userId, organizationId: orgId }, groups) : null;
      await appendAudit(tx, [
        {
          organizationId: orgId,
          type: "auth.signed_in",
          actorId: userId,
          payload: { ...audit, ...(provisioned ? { provisioned: true } : {}), ...(link ? { linkedByEmail: true } : {}), ...(sync ? { groups: sync } : {}) },
        },
      ]);
    });
  } catch (e) {
    // Two first sign-ins of one person at once: the other one created the user; sign in as that.
    if (!retried && e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return signInWithOidc(db, input, config, true);
    throw e;
  }
  return { ok: true, userId, provisioned };
}
