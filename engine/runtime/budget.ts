// The execution budget. A step that runs more than `x.budget` elements without reaching a wait
// state is a loop with nothing to wait on: its work is thrown away (nothing of it is kept, as a
// rolled-back transaction in Camunda 7), and step() applies the event again with every arrival
// parked as a token with an "executionBudget" incident — the instance stays at the last point it
// reached safely. The caller (a web request, a worker batch) is never held by a loop, and the
// write path stores a handful of rows instead of tens of thousands of transitions. An operator
// fixes the model or the variables and retries (another budget's worth), or cancels.
import { describeLoop, loopsWithoutWait } from "../model/cycles";
import { element, fact, newToken, type ArriveOp, type Exec } from "./context";
import { raiseIncident } from "./incidents";

/** Marks the step as over budget, with the incident message naming the loop it was in. */
export function exhaustBudget(x: Exec, queued: readonly ArriveOp[]): void {
  const elements = new Set(queued.filter((op) => !op.dead).map((op) => op.elementId));
  const loops = loopsWithoutWait(x.proc).filter((loop) => loop.some((id) => elements.has(id)));
  const where = loops.length > 0
    ? `the loop ${loops.map((l) => describeLoop(x.proc, l)).join("; ")} has no wait state`
    : `still queued: ${[...elements].slice(0, 10).join(", ")}`;
  x.exhausted = `execution budget exceeded: ${x.budget.toLocaleString("en-US")} elements ran in one step without reaching a wait state — ${where}. ` +
    "Nothing of that run was kept: the instance stopped where it was. Fix the model or the variables that keep it looping, then retry, or cancel the instance.";
}

/** Parks queued arrivals as incident tokens: one per element and scope (a runaway fork may queue many). */
export function parkAgenda(x: Exec, ops: readonly ArriveOp[], message: string): void {
  const parked = new Map<string, { op: ArriveOp; count: number }>();
  for (const op of ops) {
    if (op.dead) continue;
    x.pending.set(op.scopeId, (x.pending.get(op.scopeId) ?? 1) - 1);
    if (!x.state.scopes[op.scopeId] || x.state.status !== "active") continue;
    if (op.tokenId !== undefined) {
      // an existing token (a multi-instance inner instance) keeps its identity and waits for a retry
      if (x.state.tokens[op.tokenId]) raiseIncident(x, op.tokenId, { kind: "executionBudget", phase: "enter", message });
      continue;
    }
    const key = `${op.scopeId}\u0000${op.elementId}`;
    const entry = parked.get(key);
    if (entry) entry.count += 1;
    else parked.set(key, { op, count: 1 });
  }
  for (const { op, count } of parked.values()) {
    const el = element(x, op.elementId);
    const t = newToken(x, el.id, op.scopeId, el.multiInstance ? { miBody: true } : {});
    fact(x, "activated", t);
    const merged = count > 1 ? ` (${count} arrivals at this element were merged into this token)` : "";
    raiseIncident(x, t.id, { kind: "executionBudget", phase: "enter", message: message + merged });
  }
}
