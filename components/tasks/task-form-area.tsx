"use client";
// The form that completes a task: its Camunda form when it has one, otherwise the generic
// variables form for people who edit variables, or just a Complete button for everyone else.
import { CamundaForm } from "@/components/forms/camunda-form";
import { KeyValueForm } from "@/components/forms/key-value-form";
import { Button } from "@/components/ui/button";

export function TaskFormArea({ form, data, readOnly, serverErrors, showVariables, busy, onSubmit }: {
  form: { schema: Record<string, unknown> } | null;
  data: Record<string, unknown>;
  readOnly: boolean;
  serverErrors?: Record<string, string>;
  showVariables: boolean;
  busy: boolean;
  onSubmit(variables: Record<string, unknown>): void;
}) {
  if (form) return <CamundaForm schema={form.schema} data={data} serverErrors={serverErrors} readOnly={readOnly} submitLabel={busy ? "Completing…" : "Complete task"} onSubmit={onSubmit} />;
  if (showVariables) return <KeyValueForm data={data} serverErrors={serverErrors} readOnly={readOnly} submitLabel={busy ? "Completing…" : "Complete task"} onSubmit={onSubmit} />;
  return (
    <Button type="button" disabled={readOnly || busy} onClick={() => onSubmit({})}>
      {busy ? "Completing…" : "Complete task"}
    </Button>
  );
}
