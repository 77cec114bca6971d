// Intermediate throw events: none, message, escalation, and link (jump to the link catch of the same name).
import { element, pushArrival, type Exec } from "../context";
import { raiseIncident } from "../incidents";
import { linkCatchFor } from "../process-index";
import { throwEscalation } from "../throw";
import { completeToken } from "../tokens";
import { sendMessage } from "./send-task";

export function enterIntermediateThrowEvent(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  const def = el.eventDefinition;
  switch (def?.kind) {
    case "message":
      sendMessage(x, tokenId);
      return;
    case "escalation":
      throwEscalation(x, tokenId, def.code ?? "", undefined, false);
      // an interrupting catcher may have terminated the thrower's scope already
      if (x.state.tokens[tokenId]) completeToken(x, tokenId);
      return;
    case "link": {
      const target = linkCatchFor(x.index, el.parent, def.name);
      if (target === undefined) {
        raiseIncident(x, tokenId, { kind: "invalidValue", phase: "enter", message: `no link catch event named "${def.name}" in the scope of "${el.id}"` });
        return;
      }
      // queued before completing so the scope does not look finished in between
      pushArrival(x, { elementId: target, scopeId: t.scopeId });
      completeToken(x, tokenId);
      return;
    }
    default:
      completeToken(x, tokenId);
  }
}
