// Event-based gateway: waits for the events of its targets; the first one wins, the others are
// cancelled, and the token moves to the winner as if that event had just been caught there.
import type { ElementDef } from "../../model/types";
import { dropToken, element, fact, type Exec } from "../context";
import { expressionIncident } from "../incidents";
import type { Variables, WaitState } from "../state";
import { setStatus, takeFlow } from "../tokens";
import { tokenContext } from "../variables";
import { closeTokenWaits, closeWait, evaluateCorrelationKey, evaluateTimer, openSubscription, openTimer } from "../waits";

type Planned =
  | { target: ElementDef; kind: "timer"; dueAt: number }
  | { target: ElementDef; kind: "message"; name: string; key: string | null };

export function enterEventBasedGateway(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  const ctx = tokenContext(x, t);
  const planned: Planned[] = [];
  for (const flowId of el.outgoing) {
    const target = element(x, x.proc.flows[flowId]!.target);
    const def = target.eventDefinition;
    if (def?.kind === "timer") {
      const p = evaluateTimer(x, def.timer, ctx, target.id);
      if (!p.ok) {
        expressionIncident(x, tokenId, "enter", p);
        return;
      }
      planned.push({ target, kind: "timer", dueAt: p.dueAt });
    } else if (def?.kind === "message") {
      const k = evaluateCorrelationKey(def, ctx);
      if (!k.ok) {
        expressionIncident(x, tokenId, "enter", k);
        return;
      }
      planned.push({ target, kind: "message", name: def.name, key: k.value });
    }
  }
  for (const p of planned) {
    const owner = { role: "eventGateway" as const, elementId: p.target.id, scopeId: t.scopeId, tokenId };
    if (p.kind === "timer") openTimer(x, owner, p.dueAt);
    else openSubscription(x, owner, p.name, p.key);
  }
  setStatus(x, tokenId, "waiting");
}

/** One of the gateway's events happened: cancel the rest and move to its target. */
export function eventGatewayTriggered(x: Exec, w: WaitState, variables: Variables | undefined): void {
  const tokenId = w.tokenId!;
  const t = x.state.tokens[tokenId];
  if (!t) return;
  closeWait(x, w.id, true);
  closeTokenWaits(x, tokenId);
  const el = element(x, t.elementId);
  const flowId = el.outgoing.find((f) => x.proc.flows[f]?.target === w.elementId)!;
  fact(x, "completed", t);
  dropToken(x, tokenId);
  x.joinsDirty = true;
  takeFlow(x, flowId, t.scopeId, variables ? { variables } : {});
}
