// Intermediate catch events: timer and message wait; a link catch is entered by its link throw.
// A catch event that is the target of an event-based gateway arrives already triggered.
import { element, type Exec, type Trigger } from "../context";
import { expressionIncident } from "../incidents";
import { passThrough, setStatus } from "../tokens";
import { tokenContext } from "../variables";
import { evaluateCorrelationKey, evaluateTimer, openSubscription, openTimer } from "../waits";

export function enterIntermediateCatchEvent(x: Exec, tokenId: string, trigger?: Trigger): void {
  if (trigger) {
    passThrough(x, tokenId, trigger);
    return;
  }
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  const def = el.eventDefinition;
  const owner = { role: "element" as const, elementId: el.id, scopeId: t.scopeId, tokenId };
  if (def?.kind === "timer") {
    const p = evaluateTimer(x, def.timer, tokenContext(x, t), el.id);
    if (!p.ok) {
      expressionIncident(x, tokenId, "enter", p);
      return;
    }
    // a cycle on an intermediate event has no "next time": only its first occurrence counts
    openTimer(x, owner, p.dueAt);
    setStatus(x, tokenId, "waiting");
    return;
  }
  if (def?.kind === "message") {
    const k = evaluateCorrelationKey(def, tokenContext(x, t));
    if (!k.ok) {
      expressionIncident(x, tokenId, "enter", k);
      return;
    }
    openSubscription(x, owner, def.name, k.value);
    setStatus(x, tokenId, "waiting");
    return;
  }
  passThrough(x, tokenId);
}
