// Script task: one FEEL expression; its value goes to the result variable.
import { element, tokenW, type Exec } from "../context";
import { expressionIncident } from "../incidents";
import { completeToken } from "../tokens";
import { evaluate, tokenContext } from "../variables";

export function enterScriptTask(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const def = element(x, t.elementId).script;
  if (def) {
    const r = evaluate(def.expression, tokenContext(x, t));
    if (!r.ok) {
      expressionIncident(x, tokenId, "enter", r);
      return;
    }
    if (def.resultVariable) tokenW(x, tokenId).result = { [def.resultVariable]: r.value };
  }
  completeToken(x, tokenId);
}
