// Events step() accepts. Each is one command's input, already authorized and validated by the caller.
import type { CallerRef, Variables } from "./state";

export interface StartEvent {
  type: "start";
  /** Process to start; defaults to the model's first executable process. */
  processId?: string;
  /** A message or timer start event; defaults to the process's none start event. */
  startEventId?: string;
  variables?: Variables;
  startedBy?: string;
  caller?: CallerRef;
}

export interface TaskCompletedEvent {
  type: "taskCompleted";
  taskId: string;
  variables?: Variables;
  completedBy?: string;
}

export interface TimerFiredEvent {
  type: "timerFired";
  timerId: string;
}

/** Either the subscription id, or a message name and correlation key to match. */
export interface MessageCorrelatedEvent {
  type: "messageCorrelated";
  subscriptionId?: string;
  name?: string;
  correlationKey?: string | null;
  variables?: Variables;
}

export interface ServiceCompletedEvent {
  type: "serviceCompleted";
  jobId: string;
  variables?: Variables;
  /** HTTP connector response (or a job's single result) for `resultVariable`. */
  result?: unknown;
}

/**
 * A service call failed for good (no retries left, or a non-retryable answer): the token stops
 * with an incident at the task's entry, so a retry re-evaluates the call with the variables an
 * operator may have fixed meanwhile.
 */
export interface ServiceFailedEvent {
  type: "serviceFailed";
  jobId: string;
  errorMessage: string;
}

/** A worker or connector reported a BPMN error: thrown from the service task. */
export interface JobErrorEvent {
  type: "jobError";
  jobId: string;
  errorCode: string;
  errorMessage?: string;
  variables?: Variables;
}

/** An escalation a called instance did not catch, thrown from its call activity. */
export interface EscalationEvent {
  type: "escalation";
  callId: string;
  escalationCode: string;
  variables?: Variables;
}

export interface CallActivityCompletedEvent {
  type: "callActivityCompleted";
  callId: string;
  variables?: Variables;
}

export interface CallActivityFailedEvent {
  type: "callActivityFailed";
  callId: string;
  errorCode: string;
  errorMessage?: string;
  variables?: Variables;
}

export interface CancelEvent {
  type: "cancel";
  reason?: string;
  by?: string;
}

/** Operator edit: local to a scope when scopeId is given, else on the root scope. */
export interface SetVariablesEvent {
  type: "setVariables";
  variables: Variables;
  scopeId?: string;
  by?: string;
}

export interface RetryIncidentEvent {
  type: "retryIncident";
  incidentId: string;
  by?: string;
}

export type EngineEvent =
  | StartEvent
  | TaskCompletedEvent
  | TimerFiredEvent
  | MessageCorrelatedEvent
  | ServiceCompletedEvent
  | ServiceFailedEvent
  | JobErrorEvent
  | EscalationEvent
  | CallActivityCompletedEvent
  | CallActivityFailedEvent
  | CancelEvent
  | SetVariablesEvent
  | RetryIncidentEvent;

export type EngineEventType = EngineEvent["type"];
