import { z } from "zod";
import { ZJobRef } from "./complete-job.types";

export const ZFailJobRequest = ZJobRef.extend({
  /** Retries left after this failure (usually the job's retries minus one); 0 raises an incident. */
  retries: z.number().int().min(0).max(1000),
  errorMessage: z.string().max(10_000).default(""),
  /** Wait this long (ms) before the job is handed out again. */
  retryBackoff: z.number().int().min(0).max(7 * 24 * 3_600_000).default(0),
});
export type TFailJobRequest = z.input<typeof ZFailJobRequest>;
