// Why an action did not happen, in words: separation of duties names its rule, a lost race
// says someone else got there first, bad input points at the fields.
import type { ActionFailure } from "./action-result";

function heading(f: ActionFailure): string {
  // Any rule the engine names (excludeInitiator, excludeParticipantsOf, …) is a separation-of-duties refusal.
  if (f.rule || /^Separation of duties/i.test(f.message)) return "Not allowed: separation of duties";
  switch (f.code) {
    case "CONFLICT":
      return "Someone else got there first";
    case "VALIDATION":
      return "Please check what you entered";
    case "FORBIDDEN":
      return "Not allowed";
    case "NOT_FOUND":
      return "This task is no longer available to you";
    case "UNAUTHENTICATED":
      return "Your session has ended";
    case "UNPROCESSABLE":
      return "This cannot be done";
    default:
      return "Something went wrong";
  }
}

export function ActionError({ failure, onDismiss }: { failure: ActionFailure; onDismiss?: () => void }) {
  const fields = failure.fields ? Object.entries(failure.fields) : [];
  return (
    <div role="alert" data-testid="action-error" className="flex items-start gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <svg viewBox="0 0 20 20" className="mt-0.5 size-5 shrink-0 text-red-600" aria-hidden><circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.8" /><path d="M10 5.5v5.5M10 13.5v.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" /></svg>
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{heading(failure)}</p>
        <p className="mt-0.5">{failure.message}</p>
        {fields.length > 1 ? (
          <ul className="mt-1 list-disc pl-5">
            {fields.map(([k, m]) => <li key={k}><span className="font-medium">{k}</span>: {m}</li>)}
          </ul>
        ) : null}
        {failure.code === "UNAUTHENTICATED" ? <a href="/signin" className="mt-1 inline-block font-medium underline">Sign in again</a> : null}
      </div>
      {onDismiss ? (
        <button type="button" onClick={onDismiss} className="rounded p-0.5 text-red-700 hover:bg-red-100" aria-label="Dismiss">
          <svg viewBox="0 0 20 20" className="size-4" aria-hidden><path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" /></svg>
        </button>
      ) : null}
    </div>
  );
}
