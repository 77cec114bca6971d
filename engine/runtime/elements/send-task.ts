// Send task, and message throw/end events: publish the message (or, when the model names a job
// or connector for it, call that service and wait for it like a service task).
import { element, emit, type Exec } from "../context";
import { expressionIncident } from "../incidents";
import { completeToken } from "../tokens";
import { tokenContext } from "../variables";
import { evaluateCorrelationKey } from "../waits";
import { enterServiceTask } from "./service-task";

export function sendMessage(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  if (el.service) {
    enterServiceTask(x, tokenId);
    return;
  }
  const def = el.eventDefinition;
  if (def?.kind === "message") {
    const k = evaluateCorrelationKey(def, tokenContext(x, t));
    if (!k.ok) {
      expressionIncident(x, tokenId, "enter", k);
      return;
    }
    // the payload is what the input mappings put into the element's local variables
    emit(x, { type: "publishMessage", name: def.name, correlationKey: k.value, variables: { ...t.vars }, elementId: el.id });
  }
  completeToken(x, tokenId);
}

export const enterSendTask = sendMessage;
