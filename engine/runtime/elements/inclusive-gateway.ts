// Inclusive gateway: forks on every flow whose condition is true (default if none); joins when
// no token that could still reach an empty incoming flow is alive in the scope. "Could reach" is
// a reachability check over the flow graph (process-index upstreamOf), decided only once the
// step's agenda is empty so that tokens still moving are seen where they come to rest.
import type { ElementDef } from "../../model/types";
import { newToken, tokensIn, type Exec } from "../context";
import { upstreamOf } from "../process-index";
import { completeToken } from "../tokens";
import { fireJoin, joiningByFlow } from "./parallel-gateway";

export function enterInclusiveGateway(x: Exec, tokenId: string): void {
  completeToken(x, tokenId);
}

export function inclusiveJoinArrive(x: Exec, el: ElementDef, scopeId: string, flowId: string): void {
  newToken(x, el.id, scopeId, { status: "joining", viaFlow: flowId });
  x.joinsDirty = true;
}

/** The joining tokens to consume when join `el` may fire now in the scope, else undefined. */
export function readyToJoin(x: Exec, el: ElementDef, scopeId: string): string[] | undefined {
  const byFlow = joiningByFlow(x, el, scopeId);
  if (byFlow.size === 0) return undefined;
  const others = tokensIn(x, scopeId).filter((t) => t.elementId !== el.id);
  for (const flowId of el.incoming) {
    if (byFlow.has(flowId)) continue;
    const upstream = upstreamOf(x.proc, el.id, flowId);
    if (others.some((t) => upstream.has(t.elementId))) return undefined;
  }
  return [...byFlow.values()];
}

/** Fires every inclusive join that is ready; true when at least one fired. */
export function settleInclusiveJoins(x: Exec): boolean {
  const candidates: Array<[ElementDef, string]> = [];
  const seen = new Set<string>();
  for (const id in x.state.tokens) {
    const t = x.state.tokens[id]!;
    if (t.status !== "joining") continue;
    const el = x.proc.elements[t.elementId];
    if (el?.type !== "inclusiveGateway") continue;
    const key = `${t.scopeId}\u0000${el.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push([el, t.scopeId]);
  }
  let fired = false;
  for (const [el, scopeId] of candidates) {
    if (!x.state.scopes[scopeId]) continue;
    const ready = readyToJoin(x, el, scopeId);
    if (ready) {
      fireJoin(x, el, scopeId, ready);
      fired = true;
    }
  }
  return fired;
}
