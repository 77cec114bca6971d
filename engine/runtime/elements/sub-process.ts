// Embedded subprocess: a child scope holding the element's local variables; its none start
// events get the first tokens. It completes when its last token is gone (tokens.checkScope).
import { element, newScope, pushArrival, tokenW, type Exec } from "../context";
import { completeToken, setStatus } from "../tokens";

export function enterSubProcess(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  const scope = newScope(x, { kind: "subProcess", elementId: el.id, parentScopeId: t.scopeId, ownerTokenId: tokenId, vars: { ...t.vars } });
  const w = tokenW(x, tokenId);
  w.childScopeId = scope.id;
  delete w.vars;
  setStatus(x, tokenId, "waiting");
  const starts = (x.index.startEvents.get(el.id) ?? []).filter((s) => !s.eventDefinition);
  if (starts.length === 0) {
    completeToken(x, tokenId);
    return;
  }
  for (const s of starts) pushArrival(x, { elementId: s.id, scopeId: scope.id });
}
