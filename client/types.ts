// Shapes of Baton's REST API as the client sees them. Kept apart from server/ on purpose:
// this folder is what customers run, and it imports nothing but the platform's `fetch`.
export type Variables = Record<string, unknown>;

export interface ActivatedJob {
  /** The job key: complete, fail, error or update the job with it. */
  key: string;
  type: string;
  instanceId: string;
  elementId: string;
  processKey: string;
  processVersion: number;
  definitionId: string;
  businessKey: string | null;
  customHeaders: Record<string, string>;
  retries: number;
  worker: string;
  /** When the lock ends (ISO): complete the job before it, or extend it with updateJob. */
  deadline: string;
  variables: Variables;
}

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  maxJobsToActivate?: number;
  /** Lock timeout (ms). */
  timeout?: number;
  fetchVariables?: string[];
  /** Long poll (ms, ≤ 60,000). */
  requestTimeout?: number;
}

export interface JobResult {
  jobId: string;
  instanceId: string;
  state: "ACTIVATABLE" | "ACTIVATED" | "COMPLETED" | "FAILED" | "ERROR_THROWN" | "CANCELED";
  retries: number;
  deadline: string | null;
}

export interface StartInstanceRequest {
  key?: string;
  definitionId?: string;
  version?: number;
  businessKey?: string;
  variables?: Variables;
}

export interface InstanceSummary {
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

export interface CorrelateMessageRequest {
  name: string;
  correlationKey?: string | null;
  variables?: Variables;
  timeToLiveMs?: number;
  messageId?: string;
}

export interface CorrelateMessageResponse {
  messageId: string;
  instanceId: string | null;
  outcome: "correlated" | "started" | "buffered" | "dropped";
}

/** An error answer of the API: `{ error: { code, message, details } }` with its HTTP status. */
export class BatonApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "BatonApiError";
  }
}

/**
 * Throw it from a job handler to raise a BPMN error: a boundary error event with this code
 * catches it; an uncaught one becomes an incident naming the code.
 */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message?: string,
    readonly variables: Variables = {},
  ) {
    super(message ?? code);
    this.name = "BpmnError";
  }
}

export function isBpmnError(e: unknown): e is BpmnError {
  // Duck-typed too: a handler bundled with its own copy of this module still raises a BPMN error.
  return e instanceof BpmnError || (e instanceof Error && e.name === "BpmnError" && typeof (e as { code?: unknown }).code === "string");
}
