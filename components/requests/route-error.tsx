"use client";
// The error boundary body of the start and request pages: what went wrong in words, a retry,
// and a way out — inside the app shell, never a blank page.
import Link from "next/link";
import { Button } from "@/components/ui/button";

export function RouteError({ error, reset, what, back }: { error: Error & { digest?: string }; reset: () => void; what: string; back: { href: string; label: string } }) {
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-xl border border-red-200 bg-white px-6 py-10 text-center shadow-sm">
      <p className="text-sm font-semibold text-red-600">Something went wrong</p>
      <h1 className="mt-2 text-xl font-semibold text-slate-900">{what} could not be shown</h1>
      <p className="mt-2 text-sm text-slate-600">
        This is on our side and has been logged{error.digest ? <> (reference <code className="text-xs">{error.digest}</code>)</> : null}. Try again in a moment.
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Button onClick={() => reset()}>Try again</Button>
        <Link href={back.href} className="inline-flex items-center rounded-md px-3.5 py-2 text-sm font-medium text-brand-700 hover:underline">{back.label}</Link>
      </div>
    </div>
  );
}
