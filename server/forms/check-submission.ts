// The hook the commands call: a task or start with a form gets its variables checked against
// that form before anything runs, and keeps only what the form defines.
import { BatonError } from "../errors";
import { validateSubmission } from "./validate-submission";
import type { ResolvedForm } from "./resolve-form";

/**
 * VALIDATION (400) naming the first bad field in the message; `details.fields` maps every bad
 * field's data path (`amount`, `items.0.name`) to form-js's message, for the page to show at the field.
 */
export function formValidationError(errors: Record<string, string>): BatonError {
  const [first, message] = Object.entries(errors)[0] ?? ["variables", "invalid"];
  return new BatonError("VALIDATION", `${first}: ${message}`, { fields: errors, form: true });
}

/** The variables to write: the form's fields from `variables`, or a VALIDATION error. No form: unchanged. */
export function checkSubmission(form: ResolvedForm | null, variables: Record<string, unknown> | undefined, context: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!form) return variables;
  const result = validateSubmission(form.schema, variables ?? {}, context);
  if (!result.ok) throw formValidationError(result.errors);
  return result.values;
}
