import { z } from "zod";
import { ZJobRef } from "./complete-job.types";

export const ZUpdateJobRequest = ZJobRef.extend({
  retries: z.number().int().min(1).max(1000).optional(),
  /** New lock timeout from now (ms): the deadline becomes now + timeout. */
  timeout: z.number().int().min(1000).max(7 * 24 * 3_600_000).optional(),
}).refine((r) => r.retries !== undefined || r.timeout !== undefined, { message: "give retries, timeout, or both", path: ["retries"] });
export type TUpdateJobRequest = z.input<typeof ZUpdateJobRequest>;
