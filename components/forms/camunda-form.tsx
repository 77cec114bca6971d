"use client";
// Renders a Camunda Forms schema with form-js (viewer) and submits only what form-js validated.
// The library is loaded with import() inside an effect: it touches the DOM and must never run
// on the server. Errors the server found (same rules, see server/forms/validate-submission.ts)
// are put on the fields they name; ones that name no visible field are listed above the button.
import "@bpmn-io/form-js-viewer/dist/assets/form-js.css";
import { useEffect, useRef, useState } from "react";
import type { Form as FormJs } from "@bpmn-io/form-js-viewer";
import { Button } from "@/components/ui/button";
import { fieldTargets, placeErrors } from "./error-paths";

export interface CamundaFormProps {
  schema: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** Data path (`amount`, `items.0.cost`) -> message, as the API's `details.fields` gives them. */
  serverErrors?: Record<string, string>;
  submitLabel?: string;
  readOnly?: boolean;
  onSubmit(values: Record<string, unknown>): void | Promise<void>;
}

type Status = { kind: "loading" } | { kind: "ready" } | { kind: "failed"; message: string };

export function CamundaForm({ schema, data, serverErrors, submitLabel = "Submit", readOnly = false, onSubmit }: CamundaFormProps) {
  const container = useRef<HTMLDivElement>(null);
  const form = useRef<FormJs | null>(null);
  const submitRef = useRef(onSubmit);
  const busy = useRef(false);
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  const [pending, setPending] = useState(false);
  const [unplaced, setUnplaced] = useState<string[]>([]);

  useEffect(() => {
    submitRef.current = onSubmit;
  }, [onSubmit]);

  // (re)create the form when the schema, the data or read-only changes — by content, so a parent
  // that passes a fresh but equal object on each render does not wipe what the user typed
  const schemaKey = JSON.stringify(schema);
  const dataKey = JSON.stringify(data ?? {});
  useEffect(() => {
    let cancelled = false;
    let instance: FormJs | null = null;
    setStatus({ kind: "loading" });
    (async () => {
      try {
        const { Form } = await import("@bpmn-io/form-js-viewer");
        if (cancelled || !container.current) return;
        instance = new Form({ container: container.current, properties: { readOnly } });
        await instance.importSchema(JSON.parse(schemaKey), JSON.parse(dataKey));
        if (cancelled) return instance.destroy();
        instance.on("submit", (event: { data: Record<string, unknown>; errors: Record<string, unknown> }) => {
          // form-js shows its errors at the fields; Enter in a field submits too, so guard against doubles
          if (Object.keys(event.errors).length > 0 || busy.current) return;
          busy.current = true;
          setPending(true);
          Promise.resolve()
            .then(() => submitRef.current(event.data))
            .finally(() => {
              busy.current = false;
              setPending(false);
            });
        });
        form.current = instance;
        setStatus({ kind: "ready" });
      } catch (err) {
        if (!cancelled) setStatus({ kind: "failed", message: err instanceof Error ? err.message : String(err) });
      }
    })();
    return () => {
      cancelled = true;
      form.current = null;
      instance?.destroy();
    };
  }, [schemaKey, dataKey, readOnly]);

  // server errors go onto the fields form-js renders (its own errors state, keyed by field id)
  useEffect(() => {
    const f = form.current;
    if (status.kind !== "ready" || !f) return;
    const { errors, unplaced: rest } = placeErrors(fieldTargets(JSON.parse(schemaKey)), serverErrors ?? {});
    if (Object.keys(errors).length) f._setState({ errors: { ...f._getState().errors, ...errors } });
    setUnplaced(rest);
  }, [serverErrors, status, schemaKey]);

  const submit = () => {
    if (!form.current || pending || readOnly) return;
    form.current.submit();
  };

  return (
    <div className="baton-camunda-form" data-testid="camunda-form" aria-busy={status.kind === "loading" || pending}>
      {status.kind === "loading" ? <p className="py-6 text-sm text-slate-500" role="status">Loading form…</p> : null}
      {status.kind === "failed" ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          This form cannot be shown: {status.message}
        </p>
      ) : null}
      <div ref={container} className="[&_.fjs-container]:p-0 [&_.fjs-form]:p-0 [&_.fjs-form-field-button_button[type=submit]]:hidden" />
      {unplaced.length ? (
        <ul role="alert" className="mt-3 list-disc rounded-md border border-red-200 bg-red-50 py-2 pl-8 pr-3 text-sm text-red-800">
          {unplaced.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {!readOnly && status.kind === "ready" ? (
        <div className="mt-4 flex justify-end">
          <Button type="button" onClick={submit} disabled={pending}>
            {pending ? "Submitting…" : submitLabel}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
