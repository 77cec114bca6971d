// Shapes shared by the write path: an event addressed to an instance, and the rows one
// step produces (the "plan") before they are written in one transaction.
import type { CompiledModel, EngineEvent, InstanceState } from "../../engine";
import type { QueueName } from "../queues/catalog";

export interface InstanceEvent {
  /** Applied at most once (AppliedEvent primary key). */
  eventId: string;
  instanceId: string;
  organizationId: string;
  event: EngineEvent;
  actorId?: string | null;
}

export interface LoadedInstance {
  id: string;
  organizationId: string;
  definitionId: string;
  version: number;
  status: string;
  state: InstanceState;
  model: CompiledModel;
}

export interface OutboxRow {
  id: string;
  organizationId: string | null;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
  availableAt: Date;
}

export interface AuditRow {
  type: string;
  actorId: string | null;
  elementId: string | null;
  payload: Record<string, unknown>;
}

export interface TaskRow {
  id: string;
  elementId: string;
  tokenId: string;
  name: string;
  assigneeId: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  excludedUsers: string[];
  priority: number;
  dueAt: Date | null;
  followUpAt: Date | null;
  formKey: string | null;
  variables: Record<string, unknown>;
}

export interface TimerRow {
  id: string;
  elementId: string;
  tokenId: string | null;
  dueAt: Date;
  payload: Record<string, unknown>;
}

export interface JobRow {
  id: string;
  elementId: string;
  tokenId: string;
  kind: "http" | "job";
  type: string;
  retries: number;
  retryBackoffMs: number;
  call: Record<string, unknown>;
  variables: Record<string, unknown>;
}

export interface SubscriptionRow {
  id: string;
  elementId: string;
  messageName: string;
  correlationKey: string | null;
}

export interface IncidentRow {
  id: string;
  elementId: string;
  tokenId: string | null;
  type: string;
  message: string;
  details: Record<string, unknown>;
}

/** Everything one instance's events change, ready to be written. */
export interface InstancePlan {
  instanceId: string;
  organizationId: string;
  definitionId: string;
  /** insert: a new instance; update: optimistic lock on expectedVersion. */
  mode: "insert" | "update";
  expectedVersion: number;
  eventIds: string[];
  state: InstanceState;
  variables: Record<string, unknown>;
  /** Root variables before this batch (undefined for a new instance): the variable index is diffed against them. */
  previousVariables?: Record<string, unknown>;
  status: "ACTIVE" | "COMPLETED" | "CANCELED" | "TERMINATED";
  hasIncident: boolean;
  endedAt: Date | null;
  businessKey?: string | null;
  startedById?: string | null;
  parentInstanceId?: string | null;
  parentTokenId?: string | null;
  tasks: TaskRow[];
  taskCancels: string[];
  taskCompletions: { id: string; completedById: string | null; outcome: string | null }[];
  timers: TimerRow[];
  timerCancels: string[];
  timerFired: string[];
  jobs: JobRow[];
  jobCancels: string[];
  jobDone: { id: string; state: "COMPLETED" | "ERROR_THROWN" | "FAILED"; errorMessage?: string }[];
  subscriptions: SubscriptionRow[];
  subscriptionDeletes: string[];
  incidents: IncidentRow[];
  incidentResolves: string[];
  audit: AuditRow[];
  outbox: OutboxRow[];
  /** Job types of new external jobs: waiting workers are woken after commit. */
  wakeJobTypes: string[];
}

export function emptyPlan(base: Pick<InstancePlan, "instanceId" | "organizationId" | "definitionId" | "mode" | "expectedVersion" | "state">): InstancePlan {
  return {
    ...base,
    eventIds: [],
    variables: {},
    status: "ACTIVE",
    hasIncident: false,
    endedAt: null,
    tasks: [],
    taskCancels: [],
    taskCompletions: [],
    timers: [],
    timerCancels: [],
    timerFired: [],
    jobs: [],
    jobCancels: [],
    jobDone: [],
    subscriptions: [],
    subscriptionDeletes: [],
    incidents: [],
    incidentResolves: [],
    audit: [],
    outbox: [],
    wakeJobTypes: [],
  };
}
