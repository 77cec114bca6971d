// Waits: the task, timer, message subscription, job or called instance a token or scope waits for.
// Opening one records it in state and emits the effect; cancelling does the reverse.
import type { EventDefinition, TimerDef } from "../model/types";
import { emit, scopeW, tokenW, type Exec } from "./context";
import { planTimer, timerText, type TimerPlan } from "./timers";
import type { TimerRepeat, WaitKind, WaitRole, WaitState } from "./state";
import { correlationKeyOf, evaluate, type Evaluated } from "./variables";

interface WaitOwner {
  role: WaitRole;
  elementId: string;
  scopeId: string;
  /** Owning token; absent for event subprocess starts, which belong to the scope. */
  tokenId?: string;
}

function addWait(x: Exec, owner: WaitOwner, kind: WaitKind, extra: Partial<WaitState>, id?: string): WaitState {
  const w: WaitState = { id: id ?? x.ctx.newId(), kind, role: owner.role, elementId: owner.elementId, scopeId: owner.scopeId, ...extra };
  if (owner.tokenId !== undefined) w.tokenId = owner.tokenId;
  x.state.waits[w.id] = w;
  if (owner.tokenId !== undefined) {
    const t = tokenW(x, owner.tokenId);
    t.waitIds = t.waitIds ? [...t.waitIds, w.id] : [w.id];
  } else {
    const s = scopeW(x, owner.scopeId);
    s.waitIds = [...s.waitIds, w.id];
  }
  return w;
}

/** Evaluates a timer definition (FEEL or literal) into a due time. */
export function evaluateTimer(x: Exec, def: TimerDef, context: Record<string, unknown>, seed: string): TimerPlan & { expression?: string } {
  let text: string | undefined = def.expression;
  if (def.isExpression) {
    const r = evaluate(def.expression, context);
    if (!r.ok) return { ok: false, message: r.message, expression: r.expression };
    text = timerText(r.value, def);
    if (text === undefined) {
      return { ok: false, message: `timer expression "${def.expression}" evaluated to ${JSON.stringify(r.value)}, expected an ISO 8601 text`, expression: def.expression };
    }
  }
  const plan = planTimer(def.kind, text, x.now, seed);
  return plan.ok ? plan : { ...plan, expression: def.expression };
}

export function openTimer(x: Exec, owner: WaitOwner, dueAt: number, repeat?: TimerRepeat): WaitState {
  const w = addWait(x, owner, "timer", repeat ? { dueAt, repeat } : { dueAt });
  const eff = { type: "scheduleTimer" as const, timerId: w.id, dueAt, elementId: owner.elementId, tokenId: owner.tokenId, scopeId: owner.scopeId };
  if (eff.tokenId === undefined) delete eff.tokenId;
  emit(x, eff);
  return w;
}

export function evaluateCorrelationKey(def: Extract<EventDefinition, { kind: "message" }>, context: Record<string, unknown>): Evaluated<string | null> {
  if (!def.correlationKeyExpr) return { ok: true, value: null };
  const r = evaluate(def.correlationKeyExpr, context);
  return r.ok ? { ok: true, value: correlationKeyOf(r.value) } : r;
}

export function openSubscription(x: Exec, owner: WaitOwner, messageName: string, correlationKey: string | null): WaitState {
  const w = addWait(x, owner, "message", { messageName, correlationKey });
  const eff = { type: "openSubscription" as const, subscriptionId: w.id, messageName, correlationKey, elementId: owner.elementId, tokenId: owner.tokenId };
  if (eff.tokenId === undefined) delete eff.tokenId;
  emit(x, eff);
  return w;
}

/** Task, job and call waits: the wait id doubles as the task/job/call id the runtime stores. */
export function openWait(x: Exec, owner: WaitOwner, kind: "task" | "job" | "call", extra: Partial<WaitState> = {}): WaitState {
  return addWait(x, owner, kind, extra);
}

/**
 * Removes a wait and emits the matching cancel effect. A wait that just `fired` was consumed by the
 * event being applied (task completed, timer fired, job done), so it gets no cancel effect; a
 * message subscription is the exception: whether it closes after a message depends on the model
 * (non-interrupting ones stay open), so its closing is always announced.
 */
export function closeWait(x: Exec, waitId: string, fired = false): void {
  const w = x.state.waits[waitId];
  if (!w) return;
  delete x.state.waits[waitId];
  if (w.tokenId !== undefined && x.state.tokens[w.tokenId]) {
    const t = tokenW(x, w.tokenId);
    const rest = (t.waitIds ?? []).filter((id) => id !== waitId);
    if (rest.length > 0) t.waitIds = rest;
    else delete t.waitIds;
  } else if (w.tokenId === undefined && x.state.scopes[w.scopeId]) {
    const s = scopeW(x, w.scopeId);
    s.waitIds = s.waitIds.filter((id) => id !== waitId);
  }
  if (fired && w.kind !== "message") return;
  switch (w.kind) {
    case "task":
      emit(x, { type: "cancelTask", taskId: w.id, elementId: w.elementId });
      break;
    case "timer":
      emit(x, { type: "cancelTimer", timerId: w.id, elementId: w.elementId });
      break;
    case "message":
      emit(x, { type: "closeSubscription", subscriptionId: w.id, messageName: w.messageName ?? "", correlationKey: w.correlationKey ?? null, elementId: w.elementId });
      break;
    case "job":
      emit(x, { type: "cancelJob", jobId: w.id, elementId: w.elementId });
      break;
    case "call":
      emit(x, { type: "cancelCallActivity", callId: w.id, elementId: w.elementId });
      break;
  }
}

export function closeTokenWaits(x: Exec, tokenId: string, except?: string): void {
  const t = x.state.tokens[tokenId];
  for (const id of t?.waitIds ?? []) if (id !== except) closeWait(x, id);
}

export function closeScopeWaits(x: Exec, scopeId: string): void {
  const s = x.state.scopes[scopeId];
  for (const id of s?.waitIds ?? []) closeWait(x, id);
}

/** Finds the message wait a correlation names: by subscription id, else by name and key. */
export function findMessageWait(x: Exec, name: string | undefined, key: string | null | undefined): WaitState | undefined {
  for (const id in x.state.waits) {
    const w = x.state.waits[id]!;
    if (w.kind === "message" && w.messageName === name && (w.correlationKey ?? null) === (key ?? null)) return w;
  }
  return undefined;
}
