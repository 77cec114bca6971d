// next-auth configuration: email + password (password-sign-in.ts: scrypt, rate-limited) and, when configured,
// a generic OpenID Connect provider (Keycloak, Okta, Entra ID…). Sessions are JWTs that
// carry only the user id; roles and groups are loaded fresh per request (load-actor.ts).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { appendAudit } from "../audit/append";
import { db } from "../db/client";
import { env, oidcEnabled } from "../env";
import { clientIp } from "../http/client-ip";
import { safeRedirect } from "../http/safe-callback";
import { signInWithOidc } from "./oidc-sign-in";
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
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        // oidc-sign-in.ts: link or provision, refuse disabled accounts, sync the group claim, audit.
        const e = env();
        const result = await signInWithOidc(
          db(),
          { subject: account.providerAccountId, claims: (profile ?? {}) as Record<string, unknown>, ip: clientIp({ headers: await headers() }) },
          { defaultOrganization: e.OIDC_DEFAULT_ORGANIZATION, groupsClaim: e.OIDC_GROUPS_CLAIM },
        );
        if (!result.ok) return `/signin?error=${result.error}`;
        user.id = result.userId;
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
    events: {
      async signOut({ token }) {
        const userId = typeof token?.uid === "string" ? token.uid : null;
        const user = userId ? await db().user.findUnique({ where: { id: userId }, select: { organizationId: true } }) : null;
        if (!userId || !user) return;
        const ip = clientIp({ headers: await headers() }) ?? "unknown";
        await db().$transaction((tx) => appendAudit(tx, [{ organizationId: user.organizationId, type: "auth.signed_out", actorId: userId, payload: { ip } }]));
      },
    },
  };
}
