// Call activity: the called process runs as its own instance. We emit startCallActivity and wait
// for callActivityCompleted / callActivityFailed (an error the child did not catch, thrown here
// so this activity's boundary events can catch it) or an escalation from the child.
import { element, emit, tokenW, type Exec } from "../context";
import { expressionIncident, raiseIncident } from "../incidents";
import type { Variables, WaitState } from "../state";
import { throwError, throwEscalation } from "../throw";
import { completeToken, setStatus } from "../tokens";
import { evaluate, tokenContext, tokenVariables } from "../variables";
import { closeWait, openWait } from "../waits";

export function enterCallActivity(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  const def = el.callActivity;
  if (!def) {
    raiseIncident(x, tokenId, { kind: "invalidValue", phase: "enter", message: `call activity "${el.id}" names no called process` });
    return;
  }
  const ctx = tokenContext(x, t);
  let processId = def.processId;
  if (def.processIdExpr !== undefined) {
    const r = evaluate(def.processIdExpr, ctx);
    if (!r.ok || typeof r.value !== "string") {
      expressionIncident(x, tokenId, "enter", r.ok ? { expression: def.processIdExpr, message: `called process id "${def.processIdExpr}" evaluated to ${JSON.stringify(r.value)}, expected a string` } : r);
      return;
    }
    processId = r.value;
  }
  const ref = { processId, binding: def.binding, ...(def.version !== undefined ? { version: def.version } : {}), ...(def.versionTag !== undefined ? { versionTag: def.versionTag } : {}) };
  if (x.ctx.resolveProcess && !x.ctx.resolveProcess(ref)) {
    raiseIncident(x, tokenId, { kind: "calledProcessNotFound", phase: "enter", message: `called process "${processId}" (${def.binding}${def.version !== undefined ? ` ${def.version}` : ""}) is not deployed` });
    return;
  }
  // the child gets every visible variable unless told to take only the input mappings
  const variables: Variables = def.propagateAllParentVariables === false ? { ...t.vars } : tokenVariables(x, t);
  const w = openWait(x, { role: "element", elementId: el.id, scopeId: t.scopeId, tokenId }, "call");
  emit(x, { type: "startCallActivity", callId: w.id, elementId: el.id, tokenId, ...ref, variables });
  setStatus(x, tokenId, "waiting");
}

export function callCompleted(x: Exec, w: WaitState, variables: Variables | undefined): void {
  closeWait(x, w.id, true);
  tokenW(x, w.tokenId!).result = { ...variables };
  completeToken(x, w.tokenId!);
}

export function callFailed(x: Exec, w: WaitState, code: string, message: string | undefined, variables: Variables | undefined): void {
  closeWait(x, w.id, true);
  setStatus(x, w.tokenId!, "active");
  throwError(x, w.tokenId!, code, message, variables, true);
}

export function callEscalated(x: Exec, w: WaitState, code: string, variables: Variables | undefined): void {
  throwEscalation(x, w.tokenId!, code, variables, true);
}
