// Effects step() returns: plain data the runtime turns into rows, jobs and audit events.
// `transition` effects are the audit facts: exactly one per element activation, completion or
// termination and per sequence flow taken; the runtime writes one audit event for each.
// A task, timer, job or call consumed by the event being applied (taskCompleted, timerFired,
// serviceCompleted/jobError, callActivity*) gets no cancel effect: the runtime closes that row
// as part of applying the event. Everything else that closes is announced by an effect.
import type { FormRef } from "../model/types";
import type { IncidentKind, Variables } from "./state";

export type TransitionKind = "activated" | "completed" | "terminated" | "taken";

export interface TransitionFact {
  type: "transition";
  transition: TransitionKind;
  elementId: string;
  /** BPMN element type, `sequenceFlow` for a flow taken, `process` for the instance itself. */
  elementType: string;
  tokenId?: string;
  scopeId?: string;
  /** Set on multi-instance activities: the body or one inner instance. */
  instance?: "body" | "inner";
}

export interface CreateTaskEffect {
  type: "createTask";
  taskId: string;
  elementId: string;
  tokenId: string;
  name?: string;
  assignee?: string;
  candidateUsers: string[];
  candidateGroups: string[];
  dueAt?: number;
  followUpAt?: number;
  priority?: number;
  form?: FormRef;
  slaDueAt?: number;
  escalateTo?: string[];
  /** Users excluded by separation of duties at creation time (see isExcludedActor for the live check). */
  excludedUsers: string[];
}

export interface CancelTaskEffect {
  type: "cancelTask";
  taskId: string;
  elementId: string;
}

export interface ScheduleTimerEffect {
  type: "scheduleTimer";
  timerId: string;
  dueAt: number;
  elementId: string;
  tokenId?: string;
  scopeId: string;
}

export interface CancelTimerEffect {
  type: "cancelTimer";
  timerId: string;
  elementId: string;
}

export interface OpenSubscriptionEffect {
  type: "openSubscription";
  subscriptionId: string;
  messageName: string;
  correlationKey: string | null;
  elementId: string;
  tokenId?: string;
}

export interface CloseSubscriptionEffect {
  type: "closeSubscription";
  subscriptionId: string;
  messageName: string;
  correlationKey: string | null;
  elementId: string;
}

export interface HttpCall {
  kind: "http";
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  retries?: number;
  retryBackoffMs?: number;
}

export interface JobCall {
  kind: "job";
  jobType: string;
  retries?: number;
  headers: Record<string, string>;
}

export interface CallServiceEffect {
  type: "callService";
  jobId: string;
  elementId: string;
  tokenId: string;
  call: HttpCall | JobCall;
  /** Variables visible to the task (job workers receive them). */
  variables: Variables;
}

export interface CancelJobEffect {
  type: "cancelJob";
  jobId: string;
  elementId: string;
}

export interface StartCallActivityEffect {
  type: "startCallActivity";
  callId: string;
  elementId: string;
  tokenId: string;
  processId: string;
  binding: "latest" | "version" | "deployment" | "versionTag";
  version?: number;
  versionTag?: string;
  variables: Variables;
}

export interface CancelCallActivityEffect {
  type: "cancelCallActivity";
  callId: string;
  elementId: string;
}

export interface PublishMessageEffect {
  type: "publishMessage";
  name: string;
  correlationKey: string | null;
  variables: Variables;
  elementId: string;
}

export interface RaiseIncidentEffect {
  type: "raiseIncident";
  incidentId: string;
  kind: IncidentKind;
  elementId: string;
  tokenId: string;
  message: string;
  expression?: string;
}

export interface ResolveIncidentEffect {
  type: "resolveIncident";
  incidentId: string;
  elementId: string;
}

export interface TaskSlaBreachedEffect {
  type: "taskSlaBreached";
  taskId: string;
  elementId: string;
  escalateTo: string[];
}

export interface CompleteInstanceEffect {
  type: "completeInstance";
  variables: Variables;
}

export interface TerminateInstanceEffect {
  type: "terminateInstance";
  reason: string;
}

/** An error nobody caught in a called instance: the caller's call activity throws it (callActivityFailed). */
export interface ThrowErrorToCallerEffect {
  type: "throwErrorToCaller";
  callId: string;
  errorCode: string;
  errorMessage?: string;
  variables: Variables;
}

/** An escalation nobody caught in a called instance: the caller's call activity throws it. */
export interface ThrowEscalationToCallerEffect {
  type: "throwEscalationToCaller";
  callId: string;
  escalationCode: string;
  variables: Variables;
}

export type Effect =
  | TransitionFact
  | CreateTaskEffect
  | CancelTaskEffect
  | ScheduleTimerEffect
  | CancelTimerEffect
  | OpenSubscriptionEffect
  | CloseSubscriptionEffect
  | CallServiceEffect
  | CancelJobEffect
  | StartCallActivityEffect
  | CancelCallActivityEffect
  | PublishMessageEffect
  | RaiseIncidentEffect
  | ResolveIncidentEffect
  | TaskSlaBreachedEffect
  | CompleteInstanceEffect
  | TerminateInstanceEffect
  | ThrowErrorToCallerEffect
  | ThrowEscalationToCallerEffect;

export type EffectType = Effect["type"];
