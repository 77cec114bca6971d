// The executable model: what the compiler produces from BPMN XML and what step() runs.
// It is stored in Postgres as JSON, so everything here is plain data (no Maps, no classes,
// no undefined-vs-missing semantics that matter). Expressions are FEEL source strings:
// the compiler translates Camunda 7 JUEL and strips Zeebe's leading `=`.
// Fields may be added by the compiler over time; the runtime ignores what it does not know.

/** A FEEL expression (source text, without a leading `=`). */
export type Feel = string;

export const MODEL_SCHEMA_VERSION = 1 as const;

export interface CompiledModel {
  schemaVersion: typeof MODEL_SCHEMA_VERSION;
  /** Executable processes by process id (the BPMN `process/@id`, i.e. the process key). */
  processes: Record<string, CompiledProcess>;
}

export interface CompiledProcess {
  id: string;
  name?: string;
  isExecutable: boolean;
  /** Every flow node of the process, nested scopes included, flat, by element id. */
  elements: Record<string, ElementDef>;
  /** Every sequence flow of the process, nested scopes included, flat, by flow id. */
  flows: Record<string, SequenceFlow>;
  /**
   * Optional version tag (Camunda `versionTag` / `zeebe:versionTag`); the deployed
   * definition's numeric version is assigned by the server, not by the compiler.
   */
  versionTag?: string;
}

export type ElementType =
  | "startEvent"
  | "endEvent"
  | "intermediateCatchEvent"
  | "intermediateThrowEvent"
  | "boundaryEvent"
  | "task"
  | "manualTask"
  | "userTask"
  | "serviceTask"
  | "scriptTask"
  | "sendTask"
  | "receiveTask"
  | "businessRuleTask"
  | "exclusiveGateway"
  | "parallelGateway"
  | "inclusiveGateway"
  | "eventBasedGateway"
  | "subProcess"
  | "callActivity";

/** One flow node. Optional groups apply only to the element types noted beside them. */
export interface ElementDef {
  id: string;
  type: ElementType;
  name?: string;
  /** Id of the enclosing subProcess (embedded or event subprocess); null at process level. */
  parent: string | null;
  /** Incoming and outgoing sequence flow ids, in document order. */
  incoming: string[];
  outgoing: string[];
  /** Default flow id (exclusive/inclusive gateways, activities with conditional flows). */
  default?: string;

  /** Events: at most one definition; none = a "none" event. Multiple definitions are unsupported. */
  // (compiler) also set on receiveTask: the message it waits for (kind "message"). A message
  // end/intermediate throw event without a job type carries it too: Baton publishes the message itself.
  eventDefinition?: EventDefinition;
  /** startEvent inside an event subprocess: interrupting (default true). */
  isInterrupting?: boolean;
  /** boundaryEvent: host activity id and whether it cancels the host (default true). */
  attachedTo?: string;
  cancelActivity?: boolean;

  /** subProcess: true for an event subprocess (triggeredByEvent). */
  triggeredByEvent?: boolean;

  /** Activities (tasks, subProcess, callActivity): input/output variable mappings. */
  inputs?: IoMapping[];
  outputs?: IoMapping[];
  /** Activities: multi-instance loop characteristics. */
  multiInstance?: MultiInstanceDef;

  userTask?: UserTaskDef;
  /** startEvent (none, at process level): the form a person fills in to start the process. */
  form?: FormRef;
  /** serviceTask, sendTask, businessRuleTask, message throw/end events implemented as jobs. */
  // (compiler) a scriptTask with zeebe:taskDefinition compiles to type "serviceTask": it is a job like one.
  service?: ServiceCallDef;
  script?: ScriptDef;
  callActivity?: CallActivityDef;
}

export type EventDefinition =
  | { kind: "timer"; timer: TimerDef }
  | { kind: "message"; name: string; correlationKeyExpr?: Feel }
  | { kind: "error"; code?: string; message?: string }
  | { kind: "escalation"; code?: string }
  | { kind: "link"; name: string }
  | { kind: "terminate" };

export type TimerKind = "duration" | "date" | "cycle" | "cron";

export interface TimerDef {
  kind: TimerKind;
  /**
   * ISO 8601 text (`PT5M`, `2025-01-01T00:00:00Z`, `R5/PT1H`), a cron expression, or FEEL
   * when `isExpression` is true (the FEEL value may be a string, a duration or a date-time).
   */
  expression: string;
  isExpression: boolean;
}

export interface IoMapping {
  source: Feel;
  /** Variable name; a dotted path (`a.b`) writes into a context value. */
  target: string;
}

export interface MultiInstanceDef {
  isSequential: boolean;
  /** FEEL yielding a list; one inner instance per item. */
  inputCollection?: Feel;
  /** Local variable name that receives the item in each inner instance. */
  inputElement?: string;
  /** Variable name (in the body's parent scope) that receives the list of outputs. */
  outputCollection?: string;
  /** FEEL evaluated in each inner instance when it completes. */
  outputElement?: Feel;
  completionCondition?: Feel;
  /** FEEL yielding a number; used when there is no inputCollection. */
  loopCardinality?: Feel;
}

export interface SequenceFlow {
  id: string;
  name?: string;
  source: string;
  target: string;
  condition?: Feel;
  isDefault: boolean;
}

export interface UserTaskDef {
  assignee?: Feel;
  /** FEEL yielding a list of strings or a comma separated string. */
  candidateUsers?: Feel;
  candidateGroups?: Feel;
  /** FEEL yielding a date-time (or ISO string). */
  dueDate?: Feel;
  followUpDate?: Feel;
  priority?: Feel;
  form?: FormRef;
  sla?: SlaDef;
  /** Task element ids whose completers may not complete this task (separation of duties). */
  excludeParticipantsOf?: string[];
  /** The person who started the instance may not claim or complete this task (separation of duties). */
  excludeInitiator?: boolean;
}

export interface FormRef {
  /** Baton form id / Zeebe formId / Camunda 7 formKey. */
  key?: string;
  /** Pinned version when the form is versioned (absent = latest). */
  version?: number;
  /** Embedded form JSON (Zeebe userTaskForm), when the model carries it inline. */
  inline?: string;
}

export interface SlaDef {
  /** FEEL or ISO duration after task creation when the task breaches its SLA. */
  duration: string;
  isExpression?: boolean;
  /** Who is notified / receives the task on breach (FEEL yielding group or user ids). */
  escalateTo?: Feel;
}

export type ServiceCallDef = HttpServiceCall | JobServiceCall;

export interface HttpServiceCall {
  kind: "http";
  method: string;
  url: Feel;
  /** Header name -> FEEL value. */
  headers?: Record<string, Feel>;
  body?: Feel;
  timeoutMs?: number;
  retries?: number;
  retryBackoffMs?: number;
  resultVariable?: string;
}

export interface JobServiceCall {
  kind: "job";
  /** Job type (Zeebe task type / Camunda 7 external task topic). */
  type: string;
  retries?: number;
  /** Static task headers passed to the worker as is. */
  headers?: Record<string, string>;
  resultVariable?: string;
}

export interface ScriptDef {
  expression: Feel;
  resultVariable?: string;
}

export interface CallActivityDef {
  /** Called process id (literal); `processIdExpr` (FEEL) wins when present. */
  processId: string;
  processIdExpr?: Feel;
  binding: "latest" | "version" | "deployment" | "versionTag";
  version?: number;
  versionTag?: string;
  /** Copy all child variables back to the caller on completion (Zeebe default true). */
  propagateAllChildVariables?: boolean;
  /** Pass all caller variables to the child on start (when there are no input mappings). */
  propagateAllParentVariables?: boolean;
}
