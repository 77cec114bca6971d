// Structural lookups over a compiled process, computed once per process object and cached:
// boundary events by host, event subprocesses and start events by scope, link targets, and the
// upstream sets the inclusive join uses to decide whether a token can still arrive.
import type { CompiledProcess, ElementDef } from "../model/types";

/** Key for "the process level" in maps keyed by parent scope element id. */
export const ROOT = "";

export interface ProcessIndex {
  boundaries: Map<string, ElementDef[]>;
  eventSubProcesses: Map<string, ElementDef[]>;
  /** Start events directly inside a scope (process or subProcess, event subprocess). */
  startEvents: Map<string, ElementDef[]>;
  linkCatches: Map<string, string>;
  linkThrows: Map<string, string[]>;
  upstream: Map<string, Set<string>>;
}

const cache = new WeakMap<CompiledProcess, ProcessIndex>();

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const linkKey = (parent: string | null, name: string): string => `${parent ?? ROOT}\u0000${name}`;

export function getProcessIndex(proc: CompiledProcess): ProcessIndex {
  const hit = cache.get(proc);
  if (hit) return hit;
  const ix: ProcessIndex = {
    boundaries: new Map(),
    eventSubProcesses: new Map(),
    startEvents: new Map(),
    linkCatches: new Map(),
    linkThrows: new Map(),
    upstream: new Map(),
  };
  for (const id of Object.keys(proc.elements)) {
    const el = proc.elements[id]!;
    const parent = el.parent ?? ROOT;
    if (el.type === "boundaryEvent" && el.attachedTo) push(ix.boundaries, el.attachedTo, el);
    if (el.type === "subProcess" && el.triggeredByEvent) push(ix.eventSubProcesses, parent, el);
    if (el.type === "startEvent") push(ix.startEvents, parent, el);
    const def = el.eventDefinition;
    if (def?.kind === "link") {
      if (el.type === "intermediateCatchEvent") ix.linkCatches.set(linkKey(el.parent, def.name), el.id);
      if (el.type === "intermediateThrowEvent") push(ix.linkThrows, linkKey(el.parent, def.name), el.id);
    }
  }
  cache.set(proc, ix);
  return ix;
}

export function linkCatchFor(ix: ProcessIndex, parent: string | null, name: string): string | undefined {
  return ix.linkCatches.get(linkKey(parent, name));
}

/**
 * Elements from which a token can reach flow `flowId` (an incoming flow of join `joinId`) without
 * passing through the join. A token waiting at an activity may also leave through its boundary
 * events, and a link throw continues at its link catch, so both count as edges.
 */
export function upstreamOf(proc: CompiledProcess, joinId: string, flowId: string): Set<string> {
  const ix = getProcessIndex(proc);
  const key = `${joinId}\u0000${flowId}`;
  const hit = ix.upstream.get(key);
  if (hit) return hit;
  const seen = new Set<string>();
  const flow = proc.flows[flowId];
  const stack: string[] = flow && flow.source !== joinId ? [flow.source] : [];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id) || id === joinId) continue;
    seen.add(id);
    const el = proc.elements[id];
    if (!el) continue;
    for (const inId of el.incoming) {
      const f = proc.flows[inId];
      if (f) stack.push(f.source);
    }
    if (el.type === "boundaryEvent" && el.attachedTo) stack.push(el.attachedTo);
    const def = el.eventDefinition;
    if (el.type === "intermediateCatchEvent" && def?.kind === "link") {
      for (const t of ix.linkThrows.get(linkKey(el.parent, def.name)) ?? []) stack.push(t);
    }
  }
  ix.upstream.set(key, seen);
  return seen;
}
