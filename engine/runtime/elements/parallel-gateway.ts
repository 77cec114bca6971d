// Parallel gateway: forks on every outgoing flow; joins once a token waits on every incoming flow.
// Extra tokens on one flow stay for the next firing, as BPMN prescribes.
import type { ElementDef } from "../../model/types";
import { dropToken, newToken, tokensIn, type Exec } from "../context";
import { activateElement, completeToken } from "../tokens";

export function enterParallelGateway(x: Exec, tokenId: string): void {
  completeToken(x, tokenId);
}

/** The first joining token per incoming flow of `el` in the scope. */
export function joiningByFlow(x: Exec, el: ElementDef, scopeId: string): Map<string, string> {
  const byFlow = new Map<string, string>();
  for (const t of tokensIn(x, scopeId)) {
    if (t.elementId === el.id && t.status === "joining" && t.viaFlow !== undefined && !byFlow.has(t.viaFlow)) {
      byFlow.set(t.viaFlow, t.id);
    }
  }
  return byFlow;
}

export function parallelJoinArrive(x: Exec, el: ElementDef, scopeId: string, flowId: string): void {
  newToken(x, el.id, scopeId, { status: "joining", viaFlow: flowId });
  const byFlow = joiningByFlow(x, el, scopeId);
  if (el.incoming.every((f) => byFlow.has(f))) fireJoin(x, el, scopeId, [...byFlow.values()]);
}

/** Consumes one joining token per flow and activates the gateway once with a fresh token. */
export function fireJoin(x: Exec, el: ElementDef, scopeId: string, tokenIds: string[]): void {
  for (const id of tokenIds) dropToken(x, id);
  activateElement(x, el.id, scopeId);
}
