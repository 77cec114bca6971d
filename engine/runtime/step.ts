// step(model, state, event, ctx) -> { state, effects }: the whole engine as one pure function.
// The caller's state is never mutated (see context.ts); the clock and ids come from ctx.
import type { CompiledModel, CompiledProcess } from "../model/types";
import { createExec, emit, pushArrival, type Exec, type StepContext } from "./context";
import type { Effect } from "./effects";
import { callCompleted, callEscalated, callFailed } from "./elements/call-activity";
import { jobErrored, serviceCompleted, serviceFailed } from "./elements/service-task";
import { taskCompleted } from "./elements/user-task";
import { ELEMENT_HOOKS } from "./elements";
import type { EngineEvent, StartEvent } from "./events";
import { STATE_SCHEMA_VERSION, type InstanceState, type WaitKind, type WaitState } from "./state";
import { finishInstance, retryToken, runAgenda } from "./tokens";
import { fireWait } from "./triggers";
import { setLocalVariable } from "./variables";
import { findMessageWait } from "./waits";

export interface StepResult {
  state: InstanceState;
  effects: Effect[];
  /** Set when the event changed nothing (stale task/timer id, instance already ended). */
  ignored?: string;
}

/** Misuse the runtime must not retry: unknown process, start without a start event, missing state. */
export class EngineError extends Error {
  constructor(
    readonly code: "PROCESS_NOT_FOUND" | "START_EVENT_NOT_FOUND" | "NO_STATE",
    message: string,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

export function step(
  model: CompiledModel,
  state: InstanceState | null | undefined,
  event: EngineEvent,
  ctx: StepContext,
): StepResult {
  const first = run(model, state, event, ctx);
  if (first.exhausted === undefined) return first.result;
  // over budget: the same event again from the same state, parking where it leads (budget.ts)
  return run(model, state, event, ctx, first.exhausted).result;
}

function run(
  model: CompiledModel,
  state: InstanceState | null | undefined,
  event: EngineEvent,
  ctx: StepContext,
  rollback?: string,
): { result: StepResult; exhausted?: string } {
  if (event.type === "start") return start(model, event, ctx, rollback);
  if (!state) throw new EngineError("NO_STATE", `event "${event.type}" needs the instance state`);
  if (state.status !== "active") return { result: { state, effects: [], ignored: `instance is ${state.status}` } };
  const proc = processOf(model, state.processId);
  const x = createExec(model, proc, state, ctx, ctx.now(), ELEMENT_HOOKS);
  if (rollback !== undefined) x.rollback = rollback;
  const ignored = apply(x, event);
  if (ignored !== undefined) return { result: { state, effects: [], ignored } };
  runAgenda(x);
  return finish(x);
}

function finish(x: Exec): { result: StepResult; exhausted?: string } {
  const result = { state: x.state, effects: x.effects };
  return x.exhausted === undefined ? { result } : { result, exhausted: x.exhausted };
}

function processOf(model: CompiledModel, processId: string | undefined): CompiledProcess {
  const id = processId ?? Object.keys(model.processes).find((k) => model.processes[k]!.isExecutable !== false);
  const proc = id === undefined ? undefined : model.processes[id];
  if (!proc) throw new EngineError("PROCESS_NOT_FOUND", `process "${processId ?? "(first)"}" is not in the model`);
  return proc;
}

function start(model: CompiledModel, event: StartEvent, ctx: StepContext, rollback?: string): { result: StepResult; exhausted?: string } {
  const proc = processOf(model, event.processId);
  const startEl = event.startEventId
    ? proc.elements[event.startEventId]
    : Object.values(proc.elements).find((e) => e.type === "startEvent" && e.parent === null && !e.eventDefinition);
  if (!startEl || startEl.type !== "startEvent" || startEl.parent !== null) {
    throw new EngineError("START_EVENT_NOT_FOUND", `process "${proc.id}" has no start event "${event.startEventId ?? "(none start)"}"`);
  }
  const now = ctx.now();
  const rootScopeId = ctx.newId();
  const state: InstanceState = {
    schemaVersion: STATE_SCHEMA_VERSION,
    processId: proc.id,
    status: "active",
    startedAt: now,
    rootScopeId,
    scopes: {
      [rootScopeId]: {
        id: rootScopeId, kind: "process", elementId: proc.id, parentScopeId: null, ownerTokenId: null,
        tokenCount: 0, vars: { ...event.variables }, waitIds: [],
      },
    },
    tokens: {},
    waits: {},
    incidents: {},
    participants: event.startedBy ? { [startEl.id]: [{ userId: event.startedBy, at: now }] } : {},
  };
  if (event.caller) state.caller = { ...event.caller };
  const x = createExec(model, proc, state, ctx, now, ELEMENT_HOOKS);
  if (rollback !== undefined) x.rollback = rollback;
  emit(x, { type: "transition", transition: "activated", elementId: proc.id, elementType: "process", scopeId: rootScopeId });
  pushArrival(x, { elementId: startEl.id, scopeId: rootScopeId });
  runAgenda(x);
  return finish(x);
}

function waitOf(x: Exec, id: string, kind: WaitKind): WaitState | undefined {
  const w = x.state.waits[id];
  return w && w.kind === kind ? w : undefined;
}

/** Applies one event; returns why it was ignored, if it was. */
function apply(x: Exec, event: Exclude<EngineEvent, StartEvent>): string | undefined {
  switch (event.type) {
    case "taskCompleted": {
      const w = waitOf(x, event.taskId, "task");
      if (!w) return `no open task "${event.taskId}"`;
      taskCompleted(x, w, event.variables, event.completedBy);
      return undefined;
    }
    case "timerFired": {
      const w = waitOf(x, event.timerId, "timer");
      if (!w) return `no scheduled timer "${event.timerId}"`;
      fireWait(x, w, undefined);
      return undefined;
    }
    case "messageCorrelated": {
      const w = event.subscriptionId !== undefined
        ? waitOf(x, event.subscriptionId, "message")
        : findMessageWait(x, event.name, event.correlationKey);
      if (!w) return `no open subscription for message "${event.subscriptionId ?? event.name}"`;
      fireWait(x, w, event.variables);
      return undefined;
    }
    case "serviceCompleted": {
      const w = waitOf(x, event.jobId, "job");
      if (!w) return `no open job "${event.jobId}"`;
      serviceCompleted(x, w, event.variables, event.result);
      return undefined;
    }
    case "serviceFailed": {
      const w = waitOf(x, event.jobId, "job");
      if (!w) return `no open job "${event.jobId}"`;
      serviceFailed(x, w, event.errorMessage);
      return undefined;
    }
    case "jobError": {
      const w = waitOf(x, event.jobId, "job");
      if (!w) return `no open job "${event.jobId}"`;
      jobErrored(x, w, event.errorCode, event.errorMessage, event.variables);
      return undefined;
    }
    case "callActivityCompleted":
    case "callActivityFailed":
    case "escalation": {
      const w = waitOf(x, event.callId, "call");
      if (!w) return `no running call "${event.callId}"`;
      if (event.type === "callActivityCompleted") callCompleted(x, w, event.variables);
      else if (event.type === "callActivityFailed") callFailed(x, w, event.errorCode, event.errorMessage, event.variables);
      else callEscalated(x, w, event.escalationCode, event.variables);
      return undefined;
    }
    case "cancel":
      finishInstance(x, "terminated", event.reason ?? "cancelled");
      return undefined;
    case "setVariables": {
      const scopeId = event.scopeId ?? x.state.rootScopeId;
      if (!x.state.scopes[scopeId]) return `no scope "${scopeId}"`;
      for (const k of Object.keys(event.variables)) setLocalVariable(x, scopeId, k, event.variables[k]);
      return undefined;
    }
    case "retryIncident": {
      const inc = x.state.incidents[event.incidentId];
      if (!inc) return `no open incident "${event.incidentId}"`;
      retryToken(x, inc.tokenId, inc.phase, inc.errorCode);
      return undefined;
    }
  }
}
