// Start events: the first token of a scope. Entering one also opens the scope's event subprocess
// starts (timer, message), so a bad expression there stops this start event with an incident.
import { tokenW, type Exec, type Trigger } from "../context";
import { expressionIncident } from "../incidents";
import { passThrough } from "../tokens";
import { tokenContext } from "../variables";
import { openEventSubStarts, planEventSubStarts } from "./event-sub-process";

export function enterStartEvent(x: Exec, tokenId: string, trigger?: Trigger): void {
  const t = x.state.tokens[tokenId]!;
  const scope = x.state.scopes[t.scopeId]!;
  const scopeElement = scope.ownerTokenId === null ? null : scope.elementId;
  const hasSubs = x.index.eventSubProcesses.has(scopeElement ?? "");
  if (hasSubs && scope.waitIds.length === 0 && !scope.interrupted) {
    const plan = planEventSubStarts(x, scopeElement, tokenContext(x, t));
    if (!plan.ok) {
      expressionIncident(x, tokenId, "enter", plan);
      return;
    }
    openEventSubStarts(x, t.scopeId, plan.planned);
  }
  if (trigger?.variables) tokenW(x, tokenId).result = trigger.variables;
  passThrough(x, tokenId);
}
