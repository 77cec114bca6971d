// Loops that can run without ever reaching a wait state: strongly connected parts of the flow
// graph made only of elements that finish as soon as they are entered (gateways, script tasks,
// plain tasks, throw events). The compiler warns about them at deploy; the runtime names them
// when an instance exhausts its execution budget. Pure graph analysis over the compiled model.
import type { CompiledProcess, ElementDef } from "./types";

/** Elements that stop the token until something outside the step happens (a person, a worker, time, a message). */
function waitsByItself(el: ElementDef): boolean {
  if (el.service || el.callActivity) return true;
  switch (el.type) {
    case "userTask":
    case "receiveTask":
    case "serviceTask":
    case "businessRuleTask":
    case "eventBasedGateway":
    case "callActivity":
      return true;
    case "intermediateCatchEvent":
      return el.eventDefinition !== undefined && el.eventDefinition.kind !== "link";
    default:
      return false;
  }
}

/**
 * A converging parallel or inclusive gateway waits for tokens on its other incoming flows, so a
 * loop through it stalls (at worst deadlocks) rather than spinning.
 */
function isJoin(el: ElementDef): boolean {
  return (el.type === "parallelGateway" || el.type === "inclusiveGateway") && el.incoming.length > 1;
}

/** Whether entering `el` can stop the token: it waits itself, or a scope it opens contains a wait. */
function stops(proc: CompiledProcess, el: ElementDef, memo: Map<string, boolean>): boolean {
  const known = memo.get(el.id);
  if (known !== undefined) return known;
  memo.set(el.id, false); // a malformed nesting cycle must not recurse forever
  let result = waitsByItself(el) || isJoin(el);
  if (!result && el.type === "subProcess") {
    for (const child of Object.values(proc.elements)) {
      if (child.parent === el.id && !child.triggeredByEvent && stops(proc, child, memo)) {
        result = true;
        break;
      }
    }
  }
  memo.set(el.id, result);
  return result;
}

/** Edges a token can follow without waiting: sequence flows, host -> boundary, link throw -> link catch. */
function successors(proc: CompiledProcess): Map<string, string[]> {
  const next = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  };
  for (const f of Object.values(proc.flows)) add(f.source, f.target);
  const catches = new Map<string, string>();
  for (const el of Object.values(proc.elements)) {
    if (el.type === "boundaryEvent" && el.attachedTo) add(el.attachedTo, el.id);
    if (el.type === "intermediateCatchEvent" && el.eventDefinition?.kind === "link") catches.set(`${el.parent}\u0000${el.eventDefinition.name}`, el.id);
  }
  for (const el of Object.values(proc.elements)) {
    if (el.type !== "intermediateThrowEvent" || el.eventDefinition?.kind !== "link") continue;
    const target = catches.get(`${el.parent}\u0000${el.eventDefinition.name}`);
    if (target) add(el.id, target);
  }
  return next;
}

/**
 * Every loop of elements that never wait, as lists of element ids in document order.
 * Tarjan's algorithm, iterative so a long chain cannot overflow the stack.
 */
export function loopsWithoutWait(proc: CompiledProcess): string[][] {
  const memo = new Map<string, boolean>();
  const ids = Object.keys(proc.elements).filter((id) => !stops(proc, proc.elements[id]!, memo));
  const inGraph = new Set(ids);
  const next = successors(proc);
  const order = new Map(Object.keys(proc.elements).map((id, i) => [id, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  let counter = 0;

  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; i: number }> = [{ id: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const outs = (next.get(frame.id) ?? []).filter((t) => inGraph.has(t));
      if (frame.i < outs.length) {
        const to = outs[frame.i++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      for (;;) {
        const id = stack.pop()!;
        onStack.delete(id);
        component.push(id);
        if (id === frame.id) break;
      }
      const selfLoop = component.length === 1 && (next.get(component[0]!) ?? []).includes(component[0]!);
      if (component.length > 1 || selfLoop) loops.push(component.sort((a, b) => order.get(a)! - order.get(b)!));
    }
  }
  return loops.sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}

/** `"Script A" (a) → "Script B" (b) → back to a`: how a loop is named in warnings and incidents. */
export function describeLoop(proc: CompiledProcess, ids: readonly string[]): string {
  const names = ids.map((id) => {
    const name = proc.elements[id]?.name;
    return name ? `"${name}" (${id})` : id;
  });
  return `${names.join(" → ")} → ${ids.length === 1 ? "itself" : `back to ${ids[0]}`}`;
}
