import { z } from "zod";
import { variablesIssue } from "../../input-limits";

// Names without controls, values within MAX_JSON_DEPTH and MAX_VARIABLES_CHARS (server/input-limits.ts).
export const ZVariables = z.record(z.string(), z.unknown()).superRefine((vars, ctx) => {
  const issue = variablesIssue(vars);
  if (issue) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

export const ZStartInstanceRequest = z
  .object({
    /** Process key (the BPMN process id). */
    key: z.string().min(1).max(255).optional(),
    definitionId: z.string().min(1).optional(),
    /** Pin a version of `key`; the latest when absent. */
    version: z.number().int().positive().optional(),
    businessKey: z.string().max(255).optional(),
    variables: ZVariables.default({}),
  })
  .refine((r) => r.key || r.definitionId, { message: "give `key` (process id) or `definitionId`", path: ["key"] });
export type TStartInstanceRequest = z.input<typeof ZStartInstanceRequest>;

export interface TInstanceSummary {
  id: string;
  definitionId: string;
  key: string;
  version: number;
  businessKey: string | null;
  status: "ACTIVE" | "COMPLETED" | "CANCELED" | "TERMINATED";
  hasIncident: boolean;
  startedAt: string;
  endedAt: string | null;
}
