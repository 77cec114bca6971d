import { z } from "zod";
import { ZVariables } from "../instances/start-instance.types";
import { ZWorkerName } from "./activate-jobs.types";

/** `worker` proves the lock: another worker's unexpired lock answers 409. Absent = the key is proof enough (as in Zeebe). */
export const ZJobRef = z.object({ jobId: z.string().min(1).max(255), worker: ZWorkerName.optional() });

export const ZCompleteJobRequest = ZJobRef.extend({ variables: ZVariables.default({}) });
export type TCompleteJobRequest = z.input<typeof ZCompleteJobRequest>;

export interface TJobResult {
  jobId: string;
  instanceId: string;
  state: "ACTIVATABLE" | "ACTIVATED" | "COMPLETED" | "FAILED" | "ERROR_THROWN" | "CANCELED";
  retries: number;
  /** Lock deadline (ISO) while ACTIVATED, else null. */
  deadline: string | null;
}
