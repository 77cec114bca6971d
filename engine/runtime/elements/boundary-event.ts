// Boundary events: timers and message subscriptions open when the host activity is entered;
// errors and escalations are found by throw.ts. Interrupting ones terminate the host first.
import type { ElementDef } from "../../model/types";
import { pushArrival, type Exec, type Trigger } from "../context";
import { expressionIncident } from "../incidents";
import type { WaitState } from "../state";
import { nextOccurrence } from "../timers";
import { terminateToken } from "../tokens";
import { tokenContext, type Evaluated } from "../variables";
import { evaluateCorrelationKey, evaluateTimer, openSubscription, openTimer } from "../waits";

type Planned =
  | { el: ElementDef; kind: "timer"; dueAt: number; repeat?: WaitState["repeat"] }
  | { el: ElementDef; kind: "message"; name: string; key: string | null };

/** Opens the host token's timer and message boundary events; false when an incident was raised. */
export function attachBoundaries(x: Exec, hostTokenId: string): boolean {
  const host = x.state.tokens[hostTokenId]!;
  const list = x.index.boundaries.get(host.elementId) ?? [];
  let ctx: Record<string, unknown> | undefined;
  const planned: Planned[] = [];
  // evaluate everything first, so a failing expression leaves nothing half-open
  for (const el of list) {
    const def = el.eventDefinition;
    if (def?.kind === "timer") {
      ctx ??= tokenContext(x, host);
      const p = evaluateTimer(x, def.timer, ctx, el.id);
      if (!p.ok) {
        expressionIncident(x, hostTokenId, "enter", { message: `boundary timer "${el.id}": ${p.message}`, ...(p.expression !== undefined ? { expression: p.expression } : {}) });
        return false;
      }
      planned.push(p.repeat ? { el, kind: "timer", dueAt: p.dueAt, repeat: p.repeat } : { el, kind: "timer", dueAt: p.dueAt });
    } else if (def?.kind === "message") {
      ctx ??= tokenContext(x, host);
      const k: Evaluated<string | null> = evaluateCorrelationKey(def, ctx);
      if (!k.ok) {
        expressionIncident(x, hostTokenId, "enter", k);
        return false;
      }
      planned.push({ el, kind: "message", name: def.name, key: k.value });
    }
  }
  for (const p of planned) {
    const owner = { role: "boundary" as const, elementId: p.el.id, scopeId: host.scopeId, tokenId: hostTokenId };
    if (p.kind === "timer") openTimer(x, owner, p.dueAt, p.repeat);
    else openSubscription(x, owner, p.name, p.key);
  }
  return true;
}

/**
 * Triggers a boundary event of a host token. `fired` is the timer that fired, so a non-interrupting
 * cycle can schedule its next occurrence.
 */
export function triggerBoundary(x: Exec, hostTokenId: string, boundary: ElementDef, trigger: Trigger, fired?: WaitState): void {
  const host = x.state.tokens[hostTokenId];
  if (!host) return;
  const scopeId = host.scopeId;
  const interrupting = boundary.cancelActivity !== false || boundary.eventDefinition?.kind === "error";
  if (interrupting) {
    terminateToken(x, hostTokenId);
  } else if (fired?.repeat) {
    const next = nextOccurrence(fired.repeat, fired.dueAt ?? x.now, boundary.id);
    if (next) openTimer(x, { role: "boundary", elementId: boundary.id, scopeId, tokenId: hostTokenId }, next.dueAt, next.repeat);
  }
  pushArrival(x, { elementId: boundary.id, scopeId, trigger });
}
