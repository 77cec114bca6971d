// End events: none, terminate (ends only its own scope), error, escalation and message.
import { element, type Exec } from "../context";
import { throwError, throwEscalation } from "../throw";
import { completeToken, terminateScopeTokens } from "../tokens";
import { sendMessage } from "./send-task";

export function enterEndEvent(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const def = element(x, t.elementId).eventDefinition;
  switch (def?.kind) {
    case "terminate":
      terminateScopeTokens(x, t.scopeId, tokenId);
      completeToken(x, tokenId);
      return;
    case "error":
      throwError(x, tokenId, def.code ?? "", def.message, undefined, false);
      return;
    case "escalation":
      throwEscalation(x, tokenId, def.code ?? "", undefined, false);
      if (x.state.tokens[tokenId]) completeToken(x, tokenId);
      return;
    case "message":
      sendMessage(x, tokenId);
      return;
    default:
      completeToken(x, tokenId);
  }
}
