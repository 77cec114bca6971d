// Multi-instance activities. The body token owns a scope holding nrOfInstances,
// nrOfActiveInstances and nrOfCompletedInstances; each inner instance is a token at the same
// element with its item (inputElement) and loopCounter (1-based) as local variables. Boundary
// events belong to the body, so an interrupting one cancels every inner instance.
import { element, fact, newScope, newToken, pushArrival, scopeW, tokenW, type Exec } from "../context";
import { evaluateCondition } from "../../expressions/feel";
import { expressionIncident, raiseIncident } from "../incidents";
import { completeToken, removeToken, setStatus, terminateScopeTokens } from "../tokens";
import { evaluate, tokenContext } from "../variables";
import { attachBoundaries } from "./boundary-event";

export function enterMultiInstanceBody(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  const mi = el.multiInstance!;
  const ctx = tokenContext(x, t);
  let items: unknown[];
  if (mi.inputCollection !== undefined) {
    const r = evaluate(mi.inputCollection, ctx);
    if (!r.ok) return expressionIncident(x, tokenId, "enter", r);
    if (!Array.isArray(r.value)) {
      return expressionIncident(x, tokenId, "enter", { expression: mi.inputCollection, message: `input collection "${mi.inputCollection}" evaluated to ${JSON.stringify(r.value)}, expected a list` });
    }
    items = r.value;
  } else if (mi.loopCardinality !== undefined) {
    const r = evaluate(mi.loopCardinality, ctx);
    if (!r.ok) return expressionIncident(x, tokenId, "enter", r);
    const n = r.value;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      return expressionIncident(x, tokenId, "enter", { expression: mi.loopCardinality, message: `loop cardinality "${mi.loopCardinality}" evaluated to ${JSON.stringify(n)}, expected a whole number >= 0` });
    }
    // checked before allocating: a cardinality of a billion must not take the process's memory
    if (n > x.budget) return overBudget(x, tokenId, n);
    items = new Array<unknown>(n).fill(null);
  } else {
    return raiseIncident(x, tokenId, { kind: "invalidValue", phase: "enter", message: `multi-instance "${el.id}" has neither an input collection nor a loop cardinality` });
  }
  // all parallel inner instances start in this step, so they count against its budget at once
  if (!mi.isSequential && items.length > x.budget) return overBudget(x, tokenId, items.length);
  if (x.index.boundaries.has(el.id) && !attachBoundaries(x, tokenId)) return;
  const n = items.length;
  const scope = newScope(x, {
    kind: "multiInstanceBody",
    elementId: el.id,
    parentScopeId: t.scopeId,
    ownerTokenId: tokenId,
    vars: { nrOfInstances: n, nrOfActiveInstances: 0, nrOfCompletedInstances: 0 },
    multiInstance: { items, next: 0, active: 0, completed: 0, ...(mi.outputCollection ? { outputs: new Array<unknown>(n).fill(null) } : {}) },
  });
  tokenW(x, tokenId).childScopeId = scope.id;
  setStatus(x, tokenId, "waiting");
  if (n === 0) {
    completeToken(x, tokenId);
    return;
  }
  if (mi.isSequential) startInner(x, tokenId, 0);
  else for (let i = 0; i < n; i++) startInner(x, tokenId, i);
}

function overBudget(x: Exec, tokenId: string, n: number): void {
  const el = element(x, x.state.tokens[tokenId]!.elementId);
  raiseIncident(x, tokenId, {
    kind: "executionBudget",
    phase: "enter",
    message: `multi-instance "${el.id}" would start ${n.toLocaleString("en-US")} instances, more than the execution budget of ${x.budget.toLocaleString("en-US")} elements per step; use a smaller collection, split it, or raise BATON_EXECUTION_BUDGET`,
  });
}

function startInner(x: Exec, bodyId: string, index: number): void {
  const body = x.state.tokens[bodyId]!;
  const el = element(x, body.elementId);
  const scopeId = body.childScopeId!;
  const s = scopeW(x, scopeId);
  const state = s.multiInstance!;
  const vars: Record<string, unknown> = {};
  if (el.multiInstance!.inputElement) vars[el.multiInstance!.inputElement] = state.items[index] ?? null;
  vars.loopCounter = index + 1;
  s.multiInstance = { ...state, next: index + 1, active: state.active + 1 };
  s.vars = { ...s.vars, nrOfActiveInstances: state.active + 1 };
  const inner = newToken(x, el.id, scopeId, { miInner: true, miIndex: index, vars });
  fact(x, "activated", inner);
  // entered through the agenda so a long sequential loop does not nest calls
  pushArrival(x, { elementId: el.id, scopeId, tokenId: inner.id });
}

/** An inner instance finished its element: collect its output, then continue or finish the body. */
export function innerInstanceDone(x: Exec, innerId: string): void {
  const inner = x.state.tokens[innerId]!;
  const el = element(x, inner.elementId);
  const mi = el.multiInstance!;
  const scope = x.state.scopes[inner.scopeId]!;
  const bodyId = scope.ownerTokenId!;
  const st = scope.multiInstance!;
  // counters as they will be once this instance is done, so the completion condition sees them
  const ctx = { ...tokenContext(x, inner), nrOfCompletedInstances: st.completed + 1, nrOfActiveInstances: st.active - 1 };
  let output: unknown = null;
  if (mi.outputElement !== undefined) {
    const r = evaluate(mi.outputElement, ctx);
    if (!r.ok) return expressionIncident(x, innerId, "leave", r);
    output = r.value;
  }
  let done = false;
  if (mi.completionCondition !== undefined) {
    const r = evaluateCondition(mi.completionCondition, ctx);
    if (!r.ok) return expressionIncident(x, innerId, "leave", { expression: mi.completionCondition, message: r.error });
    done = r.value;
  }
  fact(x, "completed", inner);
  removeToken(x, innerId);
  const s = scopeW(x, scope.id);
  const outputs = st.outputs ? st.outputs.slice() : undefined;
  if (outputs) outputs[inner.miIndex ?? 0] = output;
  const next = { ...st, active: st.active - 1, completed: st.completed + 1, ...(outputs ? { outputs } : {}) };
  s.multiInstance = next;
  s.vars = { ...s.vars, nrOfActiveInstances: next.active, nrOfCompletedInstances: next.completed };
  if (done) {
    terminateScopeTokens(x, scope.id);
    completeToken(x, bodyId);
  } else if (mi.isSequential && next.next < next.items.length) {
    startInner(x, bodyId, next.next);
  } else if (next.active === 0 && next.next >= next.items.length) {
    completeToken(x, bodyId);
  }
}
