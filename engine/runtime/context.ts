// The working set of one step(): the model, a copy-on-write view of the state, the effects so far
// and the agenda of flow arrivals. Only maps touched by this step are copied; an entry (token,
// scope) is copied the first time it is written, so the caller's state object is never mutated.
import type { CompiledModel, CompiledProcess, ElementDef } from "../model/types";
import type { Effect, TransitionKind } from "./effects";
import { getProcessIndex, type ProcessIndex } from "./process-index";
import type { InstanceState, ScopeState, TokenState, Variables } from "./state";

export interface ProcessRef {
  processId: string;
  binding: "latest" | "version" | "deployment" | "versionTag";
  version?: number;
  versionTag?: string;
}

export interface StepContext {
  /** Epoch milliseconds; read once per step. */
  now(): number;
  /** A new id, unique across instances (task, timer, job ids are used by the runtime as row ids). */
  newId(): string;
  /** When given, a call activity whose process cannot be resolved raises an incident instead of starting. */
  resolveProcess?(ref: ProcessRef): boolean;
  /**
   * Element executions one step may run before the instance stops with an execution-budget
   * incident (default DEFAULT_EXECUTION_BUDGET): a loop with nothing to wait on must not hold the
   * caller's process, which may be a web server answering everyone else.
   */
  executionBudget?: number;
}

/**
 * Generous for real models (a step normally runs a handful of elements; a parallel multi-instance
 * of up to this many items still starts) and small enough to return in well under a second: an
 * element that evaluates FEEL costs 30–130 µs here (feelin re-resolves every variable name against
 * its built-ins on each evaluation), so 10,000 held a 2-core machine's web process for up to 1.3 s.
 */
export const DEFAULT_EXECUTION_BUDGET = 5_000;

export interface Trigger {
  variables?: Variables;
}

/** A token arriving at an element: over a flow, from a boundary/event trigger, or a link. */
export interface ArriveOp {
  elementId: string;
  scopeId: string;
  flowId?: string;
  trigger?: Trigger;
  /** Enter an existing token again (multi-instance inner instances start through the agenda). */
  tokenId?: string;
  /** Set when the scope was interrupted before this arrival was processed. */
  dead?: boolean;
}

/**
 * What the token mover (tokens.ts) needs from the element behaviours. elements/index.ts builds it
 * and step() hands it in, so tokens.ts imports no element file: the element files depend on the
 * token mover, never the other way round (no import cycle through the dispatcher).
 */
export interface ElementHooks {
  enter(type: ElementDef["type"]): (x: Exec, tokenId: string, trigger?: Trigger) => void;
  isJoin(el: ElementDef): boolean;
  joinArrive(x: Exec, el: ElementDef, scopeId: string, flowId: string): void;
  enterMultiInstanceBody(x: Exec, tokenId: string): void;
  innerInstanceDone(x: Exec, tokenId: string): void;
  attachBoundaries(x: Exec, tokenId: string): boolean;
  settleInclusiveJoins(x: Exec): boolean;
  rethrowError(x: Exec, tokenId: string, errorCode: string): void;
}

export interface Exec {
  model: CompiledModel;
  hooks: ElementHooks;
  proc: CompiledProcess;
  index: ProcessIndex;
  ctx: StepContext;
  now: number;
  state: InstanceState;
  effects: Effect[];
  agenda: ArriveOp[];
  /** Arrivals queued per scope: a scope with queued arrivals is not finished yet. */
  pending: Map<string, number>;
  /** An inclusive join may have become ready; checked when the agenda is empty. */
  joinsDirty: boolean;
  ownedTokens: Set<string>;
  ownedScopes: Set<string>;
  ownedVars: Set<string>;
  ownedParticipants: boolean;
  /** FEEL now()/today() bound to this step's clock (built on first use). */
  clock?: Variables;
  /** Element executions (agenda arrivals) so far in this step, and the most allowed. */
  executions: number;
  budget: number;
  /** Set when this step ran over its budget: why (the incident message). */
  exhausted?: string;
  /** Set on the re-run after an exhausted step: park every arrival with this message. */
  rollback?: string;
}

export function createExec(
  model: CompiledModel,
  proc: CompiledProcess,
  state: InstanceState,
  ctx: StepContext,
  now: number,
  hooks: ElementHooks,
): Exec {
  return {
    model,
    hooks,
    proc,
    index: getProcessIndex(proc),
    ctx,
    now,
    state: {
      ...state,
      scopes: { ...state.scopes },
      tokens: { ...state.tokens },
      waits: { ...state.waits },
      incidents: { ...state.incidents },
    },
    effects: [],
    agenda: [],
    pending: new Map(),
    joinsDirty: false,
    ownedTokens: new Set(),
    ownedScopes: new Set(),
    ownedVars: new Set(),
    ownedParticipants: false,
    executions: 0,
    budget: ctx.executionBudget ?? DEFAULT_EXECUTION_BUDGET,
  };
}

export function element(x: Exec, id: string): ElementDef {
  const el = x.proc.elements[id];
  if (!el) throw new Error(`element "${id}" is not in process "${x.proc.id}"`);
  return el;
}

/** The token, copied for writing on first write in this step. */
export function tokenW(x: Exec, id: string): TokenState {
  const t = x.state.tokens[id];
  if (!t) throw new Error(`token "${id}" does not exist`);
  if (x.ownedTokens.has(id)) return t;
  const copy = { ...t };
  x.state.tokens[id] = copy;
  x.ownedTokens.add(id);
  return copy;
}

export function scopeW(x: Exec, id: string): ScopeState {
  const s = x.state.scopes[id];
  if (!s) throw new Error(`scope "${id}" does not exist`);
  if (x.ownedScopes.has(id)) return s;
  const copy = { ...s };
  x.state.scopes[id] = copy;
  x.ownedScopes.add(id);
  return copy;
}

/** The scope's variables object, copied for writing on first write in this step. */
export function scopeVarsW(x: Exec, id: string): Variables {
  const s = scopeW(x, id);
  if (!x.ownedVars.has(id)) {
    s.vars = { ...s.vars };
    x.ownedVars.add(id);
  }
  return s.vars;
}

export function emit(x: Exec, effect: Effect): void {
  x.effects.push(effect);
}

export function fact(x: Exec, transition: TransitionKind, t: TokenState): void {
  const el = x.proc.elements[t.elementId];
  const f: Effect = {
    type: "transition",
    transition,
    elementId: t.elementId,
    elementType: el ? el.type : "unknown",
    tokenId: t.id,
    scopeId: t.scopeId,
  };
  if (t.miBody) f.instance = "body";
  else if (t.miInner) f.instance = "inner";
  x.effects.push(f);
}

export function newToken(
  x: Exec,
  elementId: string,
  scopeId: string,
  init: Partial<TokenState> = {},
): TokenState {
  const id = x.ctx.newId();
  const t: TokenState = { id, elementId, scopeId, status: "active", ...init };
  x.state.tokens[id] = t;
  x.ownedTokens.add(id);
  scopeW(x, scopeId).tokenCount += 1;
  return t;
}

/** Removes a token from the state; scope completion is the caller's decision. */
export function dropToken(x: Exec, id: string): void {
  const t = x.state.tokens[id];
  if (!t) return;
  delete x.state.tokens[id];
  x.ownedTokens.delete(id);
  if (x.state.scopes[t.scopeId]) scopeW(x, t.scopeId).tokenCount -= 1;
}

export function newScope(
  x: Exec,
  init: Omit<ScopeState, "id" | "tokenCount" | "waitIds"> & { id?: string },
): ScopeState {
  const id = init.id ?? x.ctx.newId();
  const s: ScopeState = { ...init, id, tokenCount: 0, waitIds: [] };
  x.state.scopes[id] = s;
  x.ownedScopes.add(id);
  x.ownedVars.add(id);
  return s;
}

export function dropScope(x: Exec, id: string): void {
  delete x.state.scopes[id];
  x.ownedScopes.delete(id);
  x.ownedVars.delete(id);
}

export function pushArrival(x: Exec, op: ArriveOp): void {
  x.agenda.push(op);
  x.pending.set(op.scopeId, (x.pending.get(op.scopeId) ?? 0) + 1);
}

/** Forgets queued arrivals into a scope whose tokens were all terminated (interrupted, terminate end). */
export function dropArrivals(x: Exec, scopeId: string): void {
  for (const op of x.agenda) if (op.scopeId === scopeId) op.dead = true;
  x.pending.set(scopeId, 0);
}

/** Tokens of a scope, in state order (stable across replays). */
export function tokensIn(x: Exec, scopeId: string): TokenState[] {
  const out: TokenState[] = [];
  for (const id in x.state.tokens) {
    const t = x.state.tokens[id]!;
    if (t.scopeId === scopeId) out.push(t);
  }
  return out;
}
