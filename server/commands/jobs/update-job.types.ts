import { z } from "zod";
import { ZJobRef } from "./complete-job.types";

export const ZUpdateJobFields = z.object({
  worker: ZJobRef.shape.worker,
  retries: z.number().int().min(1).max(1000).optional(),
  /** New lock timeout from now (ms): the deadline becomes now + timeout. */
  timeout: z.number().int().min(1000).max(7 * 24 * 3_600_000).optional(),
});

const givesSomething = (r: { retries?: number; timeout?: number }) => r.retries !== undefined || r.timeout !== undefined;
const nothing = { message: "give retries, timeout, or both", path: ["retries"] };

/** The REST body (the job id is in the path). */
export const ZUpdateJobBody = ZUpdateJobFields.refine(givesSomething, nothing);
export const ZUpdateJobRequest = ZUpdateJobFields.extend({ jobId: ZJobRef.shape.jobId }).refine(givesSomething, nothing);
export type TUpdateJobRequest = z.input<typeof ZUpdateJobRequest>;
