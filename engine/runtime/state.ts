// Instance state: the JSON document stored per instance and handed to step() with each event.
// Everything is plain data; maps are objects keyed by ids from ctx.newId(), so replaying the same
// events yields the same key order and the same bytes.

export const STATE_SCHEMA_VERSION = 1 as const;

export type InstanceStatus = "active" | "completed" | "terminated";

export type Variables = Record<string, unknown>;

export interface InstanceState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  processId: string;
  status: InstanceStatus;
  startedAt: number;
  endedAt?: number;
  rootScopeId: string;
  /** Set when a call activity started this instance: errors and escalations go back to it. */
  caller?: CallerRef;
  scopes: Record<string, ScopeState>;
  tokens: Record<string, TokenState>;
  /** Everything the instance waits for: tasks, timers, message subscriptions, jobs, called instances. */
  waits: Record<string, WaitState>;
  incidents: Record<string, IncidentState>;
  /** Who completed each user task (and who started the instance, under the start event id): SoD input. */
  participants: Record<string, ParticipantRecord[]>;
}

export interface CallerRef {
  callId: string;
  instanceId?: string;
}

export type ScopeKind = "process" | "subProcess" | "eventSubProcess" | "multiInstanceBody";

export interface ScopeState {
  id: string;
  kind: ScopeKind;
  /** The subProcess / activity element this scope belongs to; the process id for the root scope. */
  elementId: string;
  parentScopeId: string | null;
  /** Token (in the parent scope) that owns this scope; null for the root scope. */
  ownerTokenId: string | null;
  /** Number of tokens whose scopeId is this scope: zero means the scope is done. */
  tokenCount: number;
  vars: Variables;
  /** Waits of event subprocess start events defined in this scope. */
  waitIds: string[];
  /** An interrupting event subprocess runs: no other event subprocess may start here. */
  interrupted?: boolean;
  multiInstance?: MultiInstanceState;
}

export interface MultiInstanceState {
  items: unknown[];
  /** Index of the next item to start (sequential), or items.length once all started. */
  next: number;
  active: number;
  completed: number;
  outputs?: unknown[];
}

export type TokenStatus = "active" | "waiting" | "joining" | "incident";

export interface TokenState {
  id: string;
  elementId: string;
  scopeId: string;
  status: TokenStatus;
  /** Scope owned by this token (subProcess, event subprocess, multi-instance body). */
  childScopeId?: string;
  /** Waits owned by this token: its own task/timer/subscription/job/call and its boundary events. */
  waitIds?: string[];
  /** Local variables (input mappings, multi-instance input element and loopCounter). */
  vars?: Variables;
  /** Variables delivered by the completing event (task form, job result, message payload). */
  result?: Variables;
  /** This token is the multi-instance body of its element / one inner instance of it. */
  miBody?: boolean;
  miInner?: boolean;
  miIndex?: number;
  /** For a token joining at a gateway: the flow it arrived on. */
  viaFlow?: string;
  incidentId?: string;
}

export type WaitKind = "task" | "timer" | "message" | "job" | "call";
/**
 * What a wait triggers: the owning element itself, a boundary event of the owning token, one
 * target of an event-based gateway, an event subprocess start in a scope, or a task's SLA.
 */
export type WaitRole = "element" | "boundary" | "eventGateway" | "eventSubStart" | "sla";

export interface WaitState {
  id: string;
  kind: WaitKind;
  role: WaitRole;
  /** Element that reacts: the task or catch event, the boundary event, the gateway target, the start event. */
  elementId: string;
  tokenId?: string;
  scopeId: string;
  dueAt?: number;
  /** Remaining occurrences of a cycle timer (null = unbounded); absent for one-shot timers. */
  repeat?: TimerRepeat;
  messageName?: string;
  correlationKey?: string | null;
  taskId?: string;
}

export interface TimerRepeat {
  remaining: number | null;
  /** ISO 8601 duration between occurrences, or a cron expression. */
  interval?: string;
  cron?: string;
}

export type IncidentKind =
  | "serviceFailed"
  | "expression"
  | "noOutgoingFlow"
  | "unhandledError"
  | "calledProcessNotFound"
  | "invalidValue"
  /** A step ran more elements than its budget without reaching a wait state (a loop). */
  | "executionBudget";

/** Where a retry resumes: entering the element, applying results, choosing flows, re-throwing. */
export type IncidentPhase = "enter" | "complete" | "leave" | "throw";

export interface IncidentState {
  id: string;
  kind: IncidentKind;
  elementId: string;
  tokenId: string;
  phase: IncidentPhase;
  message: string;
  expression?: string;
  errorCode?: string;
  createdAt: number;
}

export interface ParticipantRecord {
  userId: string;
  taskId?: string;
  at: number;
}
