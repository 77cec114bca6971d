// BPMN errors and escalations: find the nearest catching boundary event or event subprocess,
// walking out scope by scope; hand uncaught ones to the calling instance, else raise an incident
// (errors) or let the thrower go on (escalations).
import type { ElementDef } from "../model/types";
import { emit, type Exec } from "./context";
import { triggerBoundary } from "./elements/boundary-event";
import { triggerEventSubProcess } from "./elements/event-sub-process";
import { raiseIncident } from "./incidents";
import { ROOT } from "./process-index";
import type { TokenState, Variables } from "./state";
import { finishInstance } from "./tokens";

type Kind = "error" | "escalation";

type Handler =
  | { kind: "boundary"; hostTokenId: string; element: ElementDef }
  | { kind: "eventSub"; scopeId: string; element: ElementDef };

/** Exact code match beats a catch-all (no code) at the same level, as in Zeebe and Camunda 7. */
function pick(candidates: ElementDef[], kind: Kind, code: string): ElementDef | undefined {
  let any: ElementDef | undefined;
  for (const el of candidates) {
    const def = el.eventDefinition;
    if (!def || def.kind !== kind) continue;
    if (def.code === undefined || def.code === "") any ??= el;
    else if (def.code === code) return el;
  }
  return any;
}

/** The token whose element carries the boundary events: the body for a multi-instance inner instance. */
function boundaryHost(x: Exec, t: TokenState): TokenState | undefined {
  if (!t.miInner) return t;
  const owner = x.state.scopes[t.scopeId]?.ownerTokenId;
  return owner ? x.state.tokens[owner] : undefined;
}

function findHandler(x: Exec, thrower: TokenState, fromActivity: boolean, kind: Kind, code: string): Handler | undefined {
  let scopeId = thrower.scopeId;
  if (fromActivity) {
    const host = boundaryHost(x, thrower);
    if (!host) return undefined;
    const b = pick(x.index.boundaries.get(host.elementId) ?? [], kind, code);
    if (b) return { kind: "boundary", hostTokenId: host.id, element: b };
    scopeId = host.scopeId;
  }
  for (;;) {
    const s = x.state.scopes[scopeId];
    if (!s) return undefined;
    if (s.kind !== "multiInstanceBody" && !s.interrupted) {
      const key = s.ownerTokenId === null ? ROOT : s.elementId;
      const starts: ElementDef[] = [];
      for (const sub of x.index.eventSubProcesses.get(key) ?? []) {
        const start = x.index.startEvents.get(sub.id)?.[0];
        if (start) starts.push(start);
      }
      const e = pick(starts, kind, code);
      if (e) return { kind: "eventSub", scopeId, element: e };
    }
    if (s.ownerTokenId === null) return undefined;
    const owner = x.state.tokens[s.ownerTokenId];
    if (!owner) return undefined;
    const host = boundaryHost(x, owner);
    if (!host) return undefined;
    if (s.kind !== "multiInstanceBody") {
      const b = pick(x.index.boundaries.get(host.elementId) ?? [], kind, code);
      if (b) return { kind: "boundary", hostTokenId: host.id, element: b };
    }
    scopeId = host.scopeId;
  }
}

function apply(x: Exec, h: Handler, variables: Variables | undefined): void {
  const trigger = variables ? { variables } : {};
  if (h.kind === "boundary") triggerBoundary(x, h.hostTokenId, h.element, trigger);
  else triggerEventSubProcess(x, h.scopeId, h.element, trigger);
}

/**
 * Throws a BPMN error from a token. `fromActivity` is true when the activity itself failed (job
 * error, called instance failed): its own boundary events are tried first.
 */
export function throwError(
  x: Exec,
  tokenId: string,
  code: string,
  message: string | undefined,
  variables: Variables | undefined,
  fromActivity: boolean,
): void {
  const t = x.state.tokens[tokenId];
  if (!t) return;
  const h = findHandler(x, t, fromActivity, "error", code);
  if (h) {
    apply(x, h, variables);
    return;
  }
  if (x.state.caller) {
    emit(x, {
      type: "throwErrorToCaller",
      callId: x.state.caller.callId,
      errorCode: code,
      ...(message !== undefined ? { errorMessage: message } : {}),
      variables: variables ?? {},
    });
    finishInstance(x, "terminated", `error "${code}" was not caught and went to the calling instance`);
    return;
  }
  raiseIncident(x, tokenId, {
    kind: "unhandledError",
    phase: "throw",
    errorCode: code,
    message: `error "${code}"${message ? ` (${message})` : ""} thrown at "${t.elementId}" is not caught by any boundary event or event subprocess`,
  });
}

/** Re-throws after an unhandled-error incident (the model may have a catcher now, e.g. for a caller). */
export function rethrowError(x: Exec, tokenId: string, code: string): void {
  const t = x.state.tokens[tokenId];
  if (!t) return;
  const type = x.proc.elements[t.elementId]?.type;
  throwError(x, tokenId, code, undefined, undefined, type !== "endEvent" && type !== "intermediateThrowEvent");
}

/** Throws an escalation. Returns whether a handler caught it; an uncaught one is not an error. */
export function throwEscalation(
  x: Exec,
  tokenId: string,
  code: string,
  variables: Variables | undefined,
  fromActivity: boolean,
): boolean {
  const t = x.state.tokens[tokenId];
  if (!t) return false;
  const h = findHandler(x, t, fromActivity, "escalation", code);
  if (h) {
    apply(x, h, variables);
    return true;
  }
  if (x.state.caller) {
    emit(x, { type: "throwEscalationToCaller", callId: x.state.caller.callId, escalationCode: code, variables: variables ?? {} });
  }
  return false;
}
