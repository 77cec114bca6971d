// Choosing outgoing sequence flows: gateways by their rules, other flow nodes by BPMN's
// "conditional flows plus default" rule. No true condition and no default is an incident.
import type { ElementDef } from "../model/types";
import type { Exec } from "./context";
import type { IncidentKind, TokenState, Variables } from "./state";
import { evaluateCondition } from "../expressions/feel";
import { tokenContext } from "./variables";

export type FlowChoice =
  | { ok: true; flows: string[] }
  | { ok: false; kind: IncidentKind; message: string; expression?: string };

export function selectFlows(x: Exec, t: TokenState, el: ElementDef): FlowChoice {
  const out = el.outgoing;
  if (out.length === 0) return { ok: true, flows: [] };
  if (el.type === "parallelGateway") return { ok: true, flows: out.slice() };
  const firstOnly = el.type === "exclusiveGateway";
  let ctx: Variables | undefined;
  const chosen: string[] = [];
  let defaultFlow: string | undefined;
  for (const id of out) {
    const f = x.proc.flows[id];
    if (!f) continue;
    if (f.isDefault || el.default === id) {
      defaultFlow = id;
      continue;
    }
    if (f.condition === undefined || f.condition.trim() === "") {
      chosen.push(id);
    } else {
      ctx ??= tokenContext(x, t);
      const r = evaluateCondition(f.condition, ctx);
      if (!r.ok) return { ok: false, kind: "expression", message: r.error, expression: f.condition };
      if (r.value) chosen.push(id);
    }
    if (firstOnly && chosen.length > 0) break;
  }
  if (chosen.length > 0) return { ok: true, flows: chosen };
  if (defaultFlow !== undefined) return { ok: true, flows: [defaultFlow] };
  return {
    ok: false,
    kind: "noOutgoingFlow",
    message: `no outgoing sequence flow of "${el.name ?? el.id}" can be taken: no condition is true and there is no default flow`,
  };
}
