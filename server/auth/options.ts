// next-auth configuration: email + password (password-sign-in.ts: scrypt, rate-limited) and, when configured,
// a generic OpenID Connect provider (Keycloak, Okta, Entra ID…). Sessions are JWTs that
// carry only the user id; roles and groups are loaded fresh per request (load-actor.ts).
import crypto from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db/client";
import { env, oidcEnabled } from "../env";
import { safeRedirect } from "../http/safe-callback";
import { signInWithPassword } from "./password-sign-in";

function oidcProvider() {
  const e = env();
  return {
    id: "oidc",
    name: e.OIDC_NAME,
    type: "oauth" as const,
    wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: e.OIDC_CLIENT_ID!,
    clientSecret: e.OIDC_CLIENT_SECRET!,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"] as ("pkce" | "state")[],
    profile(p: { sub: string; email?: string; name?: string; preferred_username?: string }) {
      return { id: p.sub, email: p.email ?? null, name: p.name ?? p.preferred_username ?? p.email ?? p.sub };
    },
  };
}

/** Links an OIDC identity to a Baton user (by subject, then by email); new people join as `user`. */
async function userForOidc(subject: string, email: string | null | undefined, name: string): Promise<string | null> {
  const d = db();
  const bySub = await d.user.findUnique({ where: { oidcSubject: subject } });
  if (bySub) return bySub.disabled ? null : bySub.id;
  if (!email) return null;
  const byEmail = await d.user.findUnique({ where: { email: email.toLowerCase() } });
  if (byEmail) {
    if (byEmail.disabled) return null;
    await d.user.update({ where: { id: byEmail.id }, data: { oidcSubject: subject } });
    return byEmail.id;
  }
  const org = await d.organization.findUnique({ where: { slug: env().OIDC_DEFAULT_ORGANIZATION } });
  if (!org) return null;
  const id = crypto.randomUUID();
  await d.user.create({
    data: { id, organizationId: org.id, email: email.toLowerCase(), name, oidcSubject: subject, memberships: { create: { organizationId: org.id, role: "user" } } },
  });
  return id;
}

export function authOptions(): NextAuthOptions {
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        return signInWithPassword(raw, { headers: req?.headers as Record<string, string> | undefined });
      },
    }),
  ];
  if (oidcEnabled()) providers.push(oidcProvider());

  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      // The same same-origin rule as the sign-in page (safe-callback.ts), for every redirect next-auth makes.
      async redirect(params) {
        return safeRedirect(params);
      },
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        const id = await userForOidc(account.providerAccountId, user.email, user.name ?? user.email ?? "");
        if (!id) return "/signin?error=NoAccount";
        user.id = id;
        return true;
      },
      async jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
  };
}
