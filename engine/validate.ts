// Deploy-time checks without the model: what the designer shows live. Browser-safe (compiler only).
import { compile } from "./compiler/compile";
import type { ValidationResult } from "./compiler/types";

export type { ValidationResult } from "./compiler/types";

export async function validateBpmn(xml: string): Promise<ValidationResult> {
  const { ok, processes, errors, unsupported, info, jobTypes } = await compile(xml, { checksum: false });
  return { ok, processes, errors, unsupported, info, jobTypes };
}
