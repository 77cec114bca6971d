"use client";
// Approve / Reject with an optional comment, for a task whose model branches on one yes/no
// variable and that has no form of its own. Which variable is set is decided on the server.
import { useId, useState } from "react";

export function DecisionForm({ disabled, pending, commentError, onDecide }: {
  disabled: boolean;
  pending: "approve" | "reject" | null;
  commentError?: string;
  onDecide(approve: boolean, comment: string): void;
}) {
  const [comment, setComment] = useState("");
  const id = useId();
  return (
    <form
      className="space-y-4"
      aria-label="Decision"
      onSubmit={(e) => {
        e.preventDefault();
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        onDecide(submitter?.value !== "reject", comment);
      }}
    >
      <div>
        <label htmlFor={`${id}-comment`} className="block text-sm font-medium text-slate-800">
          Comment <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <textarea
          id={`${id}-comment`}
          name="comment"
          rows={3}
          maxLength={4000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          disabled={disabled}
          aria-invalid={commentError ? true : undefined}
          aria-describedby={commentError ? `${id}-err` : `${id}-hint`}
          placeholder="Why you decided this — the requester and later approvers will see it."
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm placeholder:text-slate-500 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 disabled:bg-slate-50"
        />
        {commentError ? <p id={`${id}-err`} className="mt-1 text-sm text-red-700">{commentError}</p> : <p id={`${id}-hint`} className="sr-only">Shown in the case timeline.</p>}
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button
          type="submit"
          value="approve"
          disabled={disabled}
          className="inline-flex items-center justify-center gap-2 rounded-md bg-emerald-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-emerald-700 disabled:cursor-not-allowed disabled:bg-emerald-600/50"
        >
          <svg viewBox="0 0 20 20" className="size-4" aria-hidden><path d="M4 10.5l4 4 8-9" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" /></svg>
          {pending === "approve" ? "Approving…" : "Approve"}
        </button>
        <button
          type="submit"
          value="reject"
          disabled={disabled}
          className="inline-flex items-center justify-center gap-2 rounded-md bg-white px-4 py-2.5 text-sm font-semibold text-red-700 shadow-sm ring-1 ring-inset ring-red-300 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50"
        >
          <svg viewBox="0 0 20 20" className="size-4" aria-hidden><path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" /></svg>
          {pending === "reject" ? "Rejecting…" : "Reject"}
        </button>
      </div>
    </form>
  );
}
