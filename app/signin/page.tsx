import { SignInForm } from "@/components/auth/sign-in-form";
import { currentActor } from "@/server/auth/session";
import { env, oidcEnabled } from "@/server/env";
import { safeCallbackPath } from "@/server/http/safe-callback";
import { redirect } from "next/navigation";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  NoAccount: "Your single sign-on account is not linked to a Baton user. Ask an administrator to invite you.",
  AccountDisabled: "Your Baton account is disabled. Ask an administrator to enable it.",
  EmailNotVerified: "Your single sign-on provider has not verified your email address, so it cannot sign you in to Baton.",
  OAuthSignin: "Single sign-on could not start. Try again, or use your email and password.",
  OAuthCallback: "Single sign-on did not complete. Try again.",
  SessionRequired: "Sign in to continue.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  // Only a path on this app: never another host after sign-in (parsed as a browser would).
  const callbackUrl = safeCallbackPath(params.callbackUrl, env().NEXTAUTH_URL ?? "http://localhost:3000");
  if (await currentActor()) redirect(callbackUrl);
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <svg viewBox="0 0 32 32" className="size-10" aria-hidden>
            <rect width="32" height="32" rx="7" fill="#2b55e0" />
            <path d="M9 23 23 9" stroke="#fff" strokeWidth="4" strokeLinecap="round" />
            <circle cx="23" cy="9" r="3" fill="#fbbf24" />
          </svg>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Sign in to Baton</h1>
          <p className="text-sm text-slate-600">Your inbox, processes and audit trail in one place.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <SignInForm
            callbackUrl={callbackUrl}
            oidcName={oidcEnabled() ? env().OIDC_NAME : undefined}
            initialError={params.error ? (ERRORS[params.error] ?? "Sign-in failed. Try again.") : undefined}
            notice={params.signedOut ? "You are signed out." : undefined}
          />
        </div>
      </div>
    </main>
  );
}
