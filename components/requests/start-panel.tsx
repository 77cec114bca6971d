"use client";
// The Start panel of a process page: the model's start form (Camunda Forms), or a key/value
// editor for designers and admins, or just a Start button — with an optional business key.
// The server action answers with field errors (shown at the field) or redirects to the request.
import { useId, useState, useTransition } from "react";
import { CamundaForm } from "@/components/forms/camunda-form";
import { KeyValueForm } from "@/components/forms/key-value-form";
import { Button } from "@/components/ui/button";

export type StartPanelMode = { kind: "form"; schema: Record<string, unknown> } | { kind: "variables" } | { kind: "none" };

export interface StartFailure {
  ok: false;
  code: string;
  message: string;
  fields?: Record<string, string>;
}

type StartAction = (input: { businessKey?: string; variables?: Record<string, unknown> }) => Promise<StartFailure | { ok: true } | undefined | void>;

export function StartPanel({ processName, mode, action }: { processName: string; mode: StartPanelMode; action: StartAction }) {
  const [businessKey, setBusinessKey] = useState("");
  const [failure, setFailure] = useState<StartFailure | null>(null);
  const [pending, startTransition] = useTransition();
  const keyId = useId();
  const keyErrorId = useId();

  function submit(variables: Record<string, unknown>) {
    setFailure(null);
    startTransition(async () => {
      // On success the action redirects to the new request; only failures come back.
      const result = await action({ businessKey, variables });
      if (result && result.ok === false) setFailure(result);
    });
  }

  const fields = failure?.fields ?? {};
  const keyError = fields.businessKey;
  // Errors the fields below do not show themselves.
  const formFields = Object.fromEntries(Object.entries(fields).filter(([k]) => k !== "businessKey"));
  const unplaced = mode.kind === "none" ? Object.values(formFields) : [];
  const submitLabel = pending ? "Starting…" : "Start request";

  return (
    <div className="flex flex-col gap-4" data-testid="start-panel" aria-busy={pending}>
      <div>
        <label htmlFor={keyId} className="block text-sm font-medium text-slate-800">
          Business key <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <p className="text-xs text-slate-500" id={`${keyId}-hint`}>Your own reference, e.g. an invoice or trip number, to find the request later.</p>
        <input
          id={keyId}
          name="businessKey"
          value={businessKey}
          maxLength={255}
          onChange={(e) => setBusinessKey(e.target.value)}
          aria-invalid={keyError ? true : undefined}
          aria-describedby={`${keyId}-hint${keyError ? ` ${keyErrorId}` : ""}`}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
          placeholder="e.g. TRIP-2026-042"
        />
        {keyError ? <p id={keyErrorId} className="mt-1 text-sm text-red-700">{keyError}</p> : null}
      </div>

      {failure && (!failure.fields || unplaced.length > 0) ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p className="font-medium">{processName} was not started.</p>
          <p>{unplaced.length ? unplaced.join(" ") : failure.message}</p>
        </div>
      ) : null}

      {mode.kind === "form" ? (
        <CamundaForm schema={mode.schema} serverErrors={formFields} submitLabel={submitLabel} onSubmit={(values) => submit(values)} />
      ) : mode.kind === "variables" ? (
        <>
          <p className="text-sm text-slate-600">This process has no start form. As a designer or admin you may give it variables, each with its type.</p>
          <KeyValueForm serverErrors={formFields} submitLabel={submitLabel} onSubmit={(values) => submit(values)} />
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit({});
          }}
        >
          <p className="mb-3 text-sm text-slate-600">This process asks for nothing more to start: the people it goes to will take it from here.</p>
          <Button type="submit" disabled={pending}>{submitLabel}</Button>
        </form>
      )}
    </div>
  );
}
