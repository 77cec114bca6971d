import { z } from "zod";

export const MAX_JOBS_TO_ACTIVATE = 1000;
export const MAX_REQUEST_TIMEOUT_MS = 60_000;

export const ZJobType = z.string().min(1, "type: the job type workers subscribe to (zeebe:taskDefinition type)").max(255);
export const ZWorkerName = z.string().min(1, "worker: name this worker, e.g. its host and pid").max(255);

export const ZActivateJobsRequest = z.object({
  type: ZJobType,
  worker: ZWorkerName,
  maxJobsToActivate: z.number().int().min(1).max(MAX_JOBS_TO_ACTIVATE).default(32),
  /** How long the jobs stay locked to this worker (ms); then they are handed out again. */
  timeout: z.number().int().min(1000).max(7 * 24 * 3_600_000).default(300_000),
  /** Variable names to return; absent = all. */
  fetchVariables: z.array(z.string().min(1).max(255)).max(1000).optional(),
  /** Long poll: wait up to this long (ms) for a job when none is activatable now; 0 or absent = answer at once. */
  requestTimeout: z.number().int().min(0).max(MAX_REQUEST_TIMEOUT_MS).default(0),
});
export type TActivateJobsRequest = z.input<typeof ZActivateJobsRequest>;

export interface TActivatedJob {
  /** The job key: send it to complete, fail, error or update the job. */
  key: string;
  type: string;
  instanceId: string;
  elementId: string;
  processKey: string;
  processVersion: number;
  definitionId: string;
  businessKey: string | null;
  /** Custom headers of the task (zeebe:taskHeaders). */
  customHeaders: Record<string, string>;
  retries: number;
  worker: string;
  /** When the lock ends (ISO); complete before it or extend it. */
  deadline: string;
  variables: Record<string, unknown>;
}

export interface TActivateJobsResponse {
  jobs: TActivatedJob[];
}
