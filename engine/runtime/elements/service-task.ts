// Service task (also business rule task and job-backed send/throw): emit callService for an HTTP
// connector or an external job, wait for serviceCompleted or jobError.
import type { HttpServiceCall } from "../../model/types";
import type { HttpCall } from "../effects";
import { element, emit, tokenW, type Exec } from "../context";
import { expressionIncident, raiseIncident } from "../incidents";
import type { Variables, WaitState } from "../state";
import { throwError } from "../throw";
import { completeToken, passThrough, setStatus } from "../tokens";
import { evaluate, tokenContext, tokenVariables, type Evaluated } from "../variables";
import { closeWait, openWait } from "../waits";

function evaluateHttp(def: HttpServiceCall, ctx: Variables): Evaluated<HttpCall> {
  const url = evaluate(def.url, ctx);
  if (!url.ok) return url;
  if (typeof url.value !== "string") {
    return { ok: false, expression: def.url, message: `url expression "${def.url}" evaluated to ${JSON.stringify(url.value)}, expected a string` };
  }
  const headers: Record<string, string> = {};
  for (const name of Object.keys(def.headers ?? {})) {
    const h = evaluate(def.headers![name]!, ctx);
    if (!h.ok) return h;
    headers[name] = typeof h.value === "string" ? h.value : JSON.stringify(h.value);
  }
  const call: HttpCall = { kind: "http", method: def.method.toUpperCase(), url: url.value, headers };
  if (def.body !== undefined) {
    const b = evaluate(def.body, ctx);
    if (!b.ok) return b;
    call.body = b.value;
  }
  if (def.timeoutMs !== undefined) call.timeoutMs = def.timeoutMs;
  if (def.retries !== undefined) call.retries = def.retries;
  if (def.retryBackoffMs !== undefined) call.retryBackoffMs = def.retryBackoffMs;
  return { ok: true, value: call };
}

export function enterServiceTask(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  const def = el.service;
  if (!def) {
    passThrough(x, tokenId);
    return;
  }
  const ctx = tokenContext(x, t);
  let call: HttpCall | { kind: "job"; jobType: string; retries?: number; headers: Record<string, string> };
  let variables: Variables = {};
  if (def.kind === "http") {
    const r = evaluateHttp(def, ctx);
    if (!r.ok) {
      expressionIncident(x, tokenId, "enter", r);
      return;
    }
    call = r.value;
  } else {
    call = { kind: "job", jobType: def.type, headers: { ...def.headers } };
    if (def.retries !== undefined) call.retries = def.retries;
    variables = tokenVariables(x, t);
  }
  const w = openWait(x, { role: "element", elementId: el.id, scopeId: t.scopeId, tokenId }, "job");
  emit(x, { type: "callService", jobId: w.id, elementId: el.id, tokenId, call, variables });
  setStatus(x, tokenId, "waiting");
}

export function serviceCompleted(x: Exec, w: WaitState, variables: Variables | undefined, result: unknown): void {
  const tokenId = w.tokenId!;
  closeWait(x, w.id, true);
  const el = element(x, w.elementId);
  const out: Variables = { ...variables };
  const resultVariable = el.service?.resultVariable;
  if (resultVariable && result !== undefined) out[resultVariable] = result;
  tokenW(x, tokenId).result = out;
  completeToken(x, tokenId);
}

export function jobErrored(x: Exec, w: WaitState, code: string, message: string | undefined, variables: Variables | undefined): void {
  closeWait(x, w.id, true);
  setStatus(x, w.tokenId!, "active");
  throwError(x, w.tokenId!, code, message, variables, true);
}

/** The call failed for good: an incident at entry, so a retry calls again with current variables. */
export function serviceFailed(x: Exec, w: WaitState, message: string): void {
  closeWait(x, w.id, true);
  raiseIncident(x, w.tokenId!, { kind: "serviceFailed", phase: "enter", message });
}
