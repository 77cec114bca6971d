// Which boolean variable decides what happens after a user task, read from the model: the
// exclusive gateway right after the task tests it (`managerApproved = true`). A task without a
// form can then offer plain Approve / Reject buttons that set exactly the variable the model
// branches on, instead of asking people to type variable names.
import type { CompiledModel, CompiledProcess } from "../../../engine";

export interface DecisionVariable {
  /** Set to true on approve, false on reject. */
  name: string;
  /** Where the optional comment goes: `managerApproved` → `managerComment`. */
  commentName: string;
}

// `x`, `x = true`, `x == true`, `x = false`, `not(x)`, `x != true`, `x = "true"`… — anything
// that tests one name against a boolean literal.
const PATTERNS = [
  /^\s*=?\s*([A-Za-z_][\w]*)\s*(?:={1,2}|!=)\s*(?:true|false)\s*$/,
  /^\s*=?\s*(?:true|false)\s*(?:={1,2}|!=)\s*([A-Za-z_][\w]*)\s*$/,
  /^\s*=?\s*not\s*\(\s*([A-Za-z_][\w]*)\s*\)\s*$/,
  /^\s*=?\s*([A-Za-z_][\w]*)\s*$/,
];

function testedName(condition: string): string | null {
  for (const p of PATTERNS) {
    const m = p.exec(condition);
    if (m && m[1] !== "true" && m[1] !== "false") return m[1];
  }
  return null;
}

function commentNameFor(name: string): string {
  const m = /^(.+?)(Approved|Approval|Decision|Accepted|Ok)$/.exec(name);
  return m ? `${m[1]}Comment` : `${name}Comment`;
}

function processOf(model: CompiledModel, elementId: string): CompiledProcess | undefined {
  return Object.values(model.processes ?? {}).find((p) => p.elements?.[elementId]);
}

/** The variable the gateway after `elementId` branches on, or null when there is no such gateway. */
export function decisionVariable(model: CompiledModel | null | undefined, elementId: string): DecisionVariable | null {
  if (!model) return null;
  const proc = processOf(model, elementId);
  const task = proc?.elements[elementId];
  if (!proc || !task) return null;
  for (const flowId of task.outgoing ?? []) {
    const gateway = proc.elements[proc.flows[flowId]?.target ?? ""];
    if (gateway?.type !== "exclusiveGateway") continue;
    const names = new Set<string>();
    for (const outId of gateway.outgoing ?? []) {
      const condition = proc.flows[outId]?.condition;
      if (!condition) continue;
      const n = testedName(condition);
      if (n) names.add(n);
      else names.add("\u0000"); // a condition on something else: not a yes/no decision
    }
    // Exactly one boolean variable across the gateway's conditions: a yes/no decision.
    if (names.size === 1 && !names.has("\u0000")) {
      const [name] = names;
      return { name, commentName: commentNameFor(name) };
    }
  }
  return null;
}
