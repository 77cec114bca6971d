// Token movement: arriving over a flow, entering an element, completing it, leaving over flows,
// ending, and terminating. Element types plug their own behaviour in through x.hooks (built by
// elements/index.ts, handed in by step()), so this file imports no element file.
import {
  dropArrivals, dropScope, dropToken, element, emit, fact, newToken, pushArrival, tokenW, tokensIn,
  type ArriveOp, type Exec, type Trigger,
} from "./context";
import { selectFlows } from "./flows";
import { expressionIncident, raiseIncident, resolveTokenIncident } from "./incidents";
import { closeScopeWaits, closeTokenWaits } from "./waits";
import { evaluateMappings, propagateAll, propagateVariable, tokenContext } from "./variables";
import { exhaustBudget, parkAgenda } from "./budget";

/** Runs queued arrivals until none are left and no inclusive join can fire any more. */
export function runAgenda(x: Exec): void {
  for (;;) {
    let i = 0;
    while (i < x.agenda.length) {
      const op = x.agenda[i++]!;
      if (!op.dead && (x.rollback !== undefined || ++x.executions > x.budget)) {
        // over budget: stop here; step() applies the event again and parks what it queues
        if (x.rollback === undefined) return exhaustBudget(x, x.agenda.slice(i - 1));
        parkAgenda(x, x.agenda.slice(i - 1), x.rollback);
        break;
      }
      arrive(x, op);
    }
    x.agenda.length = 0;
    if (!x.joinsDirty) return;
    x.joinsDirty = false;
    if (!x.hooks.settleInclusiveJoins(x)) return;
  }
}

function arrive(x: Exec, op: ArriveOp): void {
  if (op.dead) return;
  x.pending.set(op.scopeId, (x.pending.get(op.scopeId) ?? 1) - 1);
  if (!x.state.scopes[op.scopeId] || x.state.status !== "active") return;
  if (op.tokenId !== undefined) {
    if (x.state.tokens[op.tokenId]) enterToken(x, op.tokenId, op.trigger);
    return;
  }
  const el = element(x, op.elementId);
  if (op.flowId !== undefined && x.hooks.isJoin(el)) {
    x.hooks.joinArrive(x, el, op.scopeId, op.flowId);
    return;
  }
  activateElement(x, el.id, op.scopeId, op.trigger);
}

export function activateElement(x: Exec, elementId: string, scopeId: string, trigger?: Trigger): string {
  const el = element(x, elementId);
  const t = newToken(x, elementId, scopeId, el.multiInstance ? { miBody: true } : {});
  fact(x, "activated", t);
  enterToken(x, t.id, trigger);
  return t.id;
}

/** Input mappings, boundary events, then the element's own behaviour. Re-run by retryIncident. */
export function enterToken(x: Exec, tokenId: string, trigger?: Trigger): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  if (t.miBody) {
    x.hooks.enterMultiInstanceBody(x, tokenId);
    return;
  }
  if (el.inputs && el.inputs.length > 0) {
    const r = evaluateMappings(el.inputs, tokenContext(x, t));
    if (!r.ok) {
      expressionIncident(x, tokenId, "enter", r);
      return;
    }
    tokenW(x, tokenId).vars = { ...t.vars, ...r.value };
  }
  if (!t.miInner && x.index.boundaries.has(el.id) && !x.hooks.attachBoundaries(x, tokenId)) return;
  x.hooks.enter(el.type)(x, tokenId, trigger);
}

/** Applies the token's results (phase "complete"), then leaves. Re-run by retryIncident. */
export function completeToken(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  if (t.miBody) {
    const mi = el.multiInstance!;
    const child = t.childScopeId ? x.state.scopes[t.childScopeId] : undefined;
    if (mi.outputCollection && child?.multiInstance?.outputs) {
      propagateVariable(x, t.scopeId, mi.outputCollection, child.multiInstance.outputs);
    }
  } else if (el.outputs && el.outputs.length > 0) {
    const r = evaluateMappings(el.outputs, tokenContext(x, t));
    if (!r.ok) {
      expressionIncident(x, tokenId, "complete", r);
      return;
    }
    propagateAll(x, t.scopeId, r.value);
  } else if (t.result && !(el.type === "callActivity" && el.callActivity?.propagateAllChildVariables === false)) {
    propagateAll(x, t.scopeId, t.result);
  }
  leaveToken(x, tokenId);
}

/** Chooses flows (phase "leave"), records completion and moves on. Re-run by retryIncident. */
export function leaveToken(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  if (t.miInner) {
    x.hooks.innerInstanceDone(x, tokenId);
    return;
  }
  const el = element(x, t.elementId);
  const choice = selectFlows(x, t, el);
  if (!choice.ok) {
    raiseIncident(x, tokenId, { kind: choice.kind, phase: "leave", message: choice.message, ...(choice.expression !== undefined ? { expression: choice.expression } : {}) });
    return;
  }
  fact(x, "completed", t);
  removeToken(x, tokenId);
  if (choice.flows.length === 0) checkScope(x, t.scopeId);
  else for (const f of choice.flows) takeFlow(x, f, t.scopeId);
}

export function takeFlow(x: Exec, flowId: string, scopeId: string, trigger?: Trigger): void {
  const f = x.proc.flows[flowId]!;
  emit(x, { type: "transition", transition: "taken", elementId: flowId, elementType: "sequenceFlow", scopeId });
  pushArrival(x, trigger ? { elementId: f.target, scopeId, flowId, trigger } : { elementId: f.target, scopeId, flowId });
}

/** For elements that finish as soon as they are entered (or were triggered by their event). */
export function passThrough(x: Exec, tokenId: string, trigger?: Trigger): void {
  if (trigger?.variables) tokenW(x, tokenId).result = trigger.variables;
  completeToken(x, tokenId);
}

/** Drops a finished token with everything it still holds (boundary waits, its finished child scope). */
export function removeToken(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  closeTokenWaits(x, tokenId);
  if (t.childScopeId && x.state.scopes[t.childScopeId]) {
    closeScopeWaits(x, t.childScopeId);
    dropScope(x, t.childScopeId);
  }
  dropToken(x, tokenId);
  x.joinsDirty = true;
}

/** Terminates a token and, depth first, everything inside the scope it owns. */
export function terminateToken(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId];
  if (!t) return;
  if (t.childScopeId && x.state.scopes[t.childScopeId]) {
    terminateScopeTokens(x, t.childScopeId);
    closeScopeWaits(x, t.childScopeId);
    dropScope(x, t.childScopeId);
  }
  closeTokenWaits(x, tokenId);
  resolveTokenIncident(x, tokenId);
  // a token merely waiting at a join was never activated there, so it has no element to terminate
  if (t.status !== "joining") fact(x, "terminated", t);
  dropToken(x, tokenId);
  x.joinsDirty = true;
}

export function terminateScopeTokens(x: Exec, scopeId: string, exceptTokenId?: string): void {
  dropArrivals(x, scopeId);
  for (const t of tokensIn(x, scopeId)) if (t.id !== exceptTokenId) terminateToken(x, t.id);
}

/** A scope whose last token is gone (and none is on its way) is complete. */
export function checkScope(x: Exec, scopeId: string): void {
  const s = x.state.scopes[scopeId];
  if (!s || s.tokenCount > 0 || (x.pending.get(scopeId) ?? 0) > 0) return;
  if (s.kind === "multiInstanceBody") return; // the body counts its inner instances itself
  closeScopeWaits(x, scopeId);
  if (s.ownerTokenId === null) {
    finishInstance(x, "completed", "completed");
    return;
  }
  const owner = x.state.tokens[s.ownerTokenId];
  if (owner) completeToken(x, owner.id);
}

export function finishInstance(x: Exec, status: "completed" | "terminated", reason: string): void {
  if (x.state.status !== "active") return;
  const root = x.state.rootScopeId;
  if (status === "terminated") terminateScopeTokens(x, root);
  closeScopeWaits(x, root);
  x.state.status = status;
  x.state.endedAt = x.now;
  emit(x, { type: "transition", transition: status, elementId: x.proc.id, elementType: "process", scopeId: root });
  if (status === "completed") {
    emit(x, { type: "completeInstance", variables: x.state.scopes[root]?.vars ?? {} });
  } else {
    emit(x, { type: "terminateInstance", reason });
  }
}

/** Retry after an incident: resolve it and resume at the phase that failed. */
export function retryToken(x: Exec, tokenId: string, phase: string, errorCode?: string): void {
  resolveTokenIncident(x, tokenId);
  if (phase === "enter") enterToken(x, tokenId);
  else if (phase === "complete") completeToken(x, tokenId);
  else if (phase === "leave") leaveToken(x, tokenId);
  else if (phase === "throw" && errorCode !== undefined) x.hooks.rethrowError(x, tokenId, errorCode);
}

export function setStatus(x: Exec, tokenId: string, status: "active" | "waiting"): void {
  const t = x.state.tokens[tokenId];
  if (t && t.status !== status && t.status !== "incident") tokenW(x, tokenId).status = status;
}
