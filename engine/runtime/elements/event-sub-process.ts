// Event subprocesses: their timer and message start events wait while the enclosing scope runs;
// a trigger starts the event subprocess inside that scope, interrupting it or alongside it.
import type { ElementDef } from "../../model/types";
import { fact, newScope, newToken, pushArrival, scopeW, tokenW, type Exec, type Trigger } from "../context";
import { ROOT } from "../process-index";
import type { WaitState } from "../state";
import { nextOccurrence } from "../timers";
import { terminateScopeTokens } from "../tokens";
import { type Evaluated } from "../variables";
import { closeScopeWaits, evaluateCorrelationKey, evaluateTimer, openSubscription, openTimer } from "../waits";

type Planned =
  | { start: ElementDef; kind: "timer"; dueAt: number; repeat?: WaitState["repeat"] }
  | { start: ElementDef; kind: "message"; name: string; key: string | null };

export type PlanResult = { ok: true; planned: Planned[] } | { ok: false; expression?: string; message: string };

/** Evaluates the timer and message starts of the event subprocesses of a scope. */
export function planEventSubStarts(x: Exec, scopeElementId: string | null, context: Record<string, unknown>): PlanResult {
  const planned: Planned[] = [];
  for (const sub of x.index.eventSubProcesses.get(scopeElementId ?? ROOT) ?? []) {
    const start = x.index.startEvents.get(sub.id)?.[0];
    const def = start?.eventDefinition;
    if (!start || !def) continue;
    if (def.kind === "timer") {
      const p = evaluateTimer(x, def.timer, context, start.id);
      if (!p.ok) return { ok: false, message: `event subprocess start "${start.id}": ${p.message}`, ...(p.expression !== undefined ? { expression: p.expression } : {}) };
      planned.push(p.repeat ? { start, kind: "timer", dueAt: p.dueAt, repeat: p.repeat } : { start, kind: "timer", dueAt: p.dueAt });
    } else if (def.kind === "message") {
      const k: Evaluated<string | null> = evaluateCorrelationKey(def, context);
      if (!k.ok) return k;
      planned.push({ start, kind: "message", name: def.name, key: k.value });
    }
  }
  return { ok: true, planned };
}

export function openEventSubStarts(x: Exec, scopeId: string, planned: Planned[]): void {
  for (const p of planned) {
    const owner = { role: "eventSubStart" as const, elementId: p.start.id, scopeId };
    if (p.kind === "timer") openTimer(x, owner, p.dueAt, p.repeat);
    else openSubscription(x, owner, p.name, p.key);
  }
}

/** Starts the event subprocess of `start` inside scope `scopeId`. */
export function triggerEventSubProcess(x: Exec, scopeId: string, start: ElementDef, trigger: Trigger, fired?: WaitState): void {
  const scope = x.state.scopes[scopeId];
  if (!scope || scope.interrupted) return;
  const sub = x.proc.elements[start.parent ?? ""];
  if (!sub) return;
  // error start events always interrupt
  const interrupting = start.isInterrupting !== false || start.eventDefinition?.kind === "error";
  if (interrupting) {
    closeScopeWaits(x, scopeId);
    terminateScopeTokens(x, scopeId);
    scopeW(x, scopeId).interrupted = true;
  } else if (fired?.repeat) {
    const next = nextOccurrence(fired.repeat, fired.dueAt ?? x.now, start.id);
    if (next) openTimer(x, { role: "eventSubStart", elementId: start.id, scopeId }, next.dueAt, next.repeat);
  }
  const owner = newToken(x, sub.id, scopeId, { status: "waiting" });
  const child = newScope(x, { kind: "eventSubProcess", elementId: sub.id, parentScopeId: scopeId, ownerTokenId: owner.id, vars: {} });
  tokenW(x, owner.id).childScopeId = child.id;
  fact(x, "activated", x.state.tokens[owner.id]!);
  pushArrival(x, { elementId: start.id, scopeId: child.id, trigger });
}
