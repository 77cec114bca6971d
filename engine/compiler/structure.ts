// Graph checks over one compiled process: flows connect real nodes of the same scope, every node is
// reachable and leads somewhere, start events exist, links pair up, gateway defaults make sense.
// All lookups are by id in maps, so the pass stays linear in the size of the model.
import type { ElementDef } from "../model/types";
import type { ProcessContext } from "./context";

const GATEWAYS = new Set(["exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway"]);
const CONDITIONAL_GATEWAYS = new Set(["exclusiveGateway", "inclusiveGateway"]);

export function checkStructure(pc: ProcessContext): void {
  connectFlows(pc);
  checkScopes(pc);
  for (const def of Object.values(pc.elements)) checkNode(def, pc);
  checkLinks(pc);
  checkSeparationOfDuties(pc);
}

function connectFlows(pc: ProcessContext): void {
  const { diag } = pc;
  for (const { el, parent } of pc.flowSources) {
    const flow = el.id ? pc.flows[el.id] : undefined;
    if (!flow) continue;
    let broken = false;
    for (const end of ["source", "target"] as const) {
      const nodeId = flow[end];
      const node = pc.nodes.get(nodeId);
      if (nodeId === "") {
        diag.elementError(el, `sequence flow has no ${end} (${end}Ref)`);
        broken = true;
      } else if (!node) {
        diag.elementError(el, `sequence flow ${end} "${nodeId}" is not a flow node of process "${pc.processId}"`);
        broken = true;
      } else if (node.parent !== parent) {
        diag.elementError(el, `sequence flow connects "${nodeId}" across a subprocess boundary; flows must stay inside one scope`);
        broken = true;
      }
    }
    if (broken) continue;
    pc.elements[flow.source]?.outgoing.push(flow.id);
    pc.elements[flow.target]?.incoming.push(flow.id);
  }
}

/** Start events per scope: a process or subprocess needs one; an event subprocess exactly one. */
function checkScopes(pc: ProcessContext): void {
  const { diag } = pc;
  const starts = new Map<string | null, ElementDef[]>();
  starts.set(null, []);
  for (const def of Object.values(pc.elements)) {
    if (def.type === "subProcess" && !starts.has(def.id)) starts.set(def.id, []);
    if (def.type === "startEvent") {
      const list = starts.get(def.parent) ?? [];
      list.push(def);
      starts.set(def.parent, list);
    }
  }
  for (const [scope, list] of starts) {
    if (scope === null) {
      if (list.length === 0) diag.error("bpmn:Process", `process "${pc.processId}" has no start event`, pc.processId);
      continue;
    }
    const sub = pc.elements[scope];
    if (!sub) continue;
    if (sub.triggeredByEvent) {
      if (list.length !== 1) diag.error("bpmn:SubProcess", `event subprocess needs exactly one start event, found ${list.length}`, scope);
      if (sub.incoming.length > 0 || sub.outgoing.length > 0) {
        diag.error("bpmn:SubProcess", "event subprocess must not have sequence flows: its start event triggers it", scope);
      }
    } else if (list.length === 0) {
      diag.error("bpmn:SubProcess", "embedded subprocess has no start event", scope);
    } else if (list.length > 1) {
      diag.error("bpmn:SubProcess", `embedded subprocess has ${list.length} start events; it needs exactly one`, scope);
    }
  }
}

function typeOf(def: ElementDef): string {
  return `bpmn:${def.type.charAt(0).toUpperCase()}${def.type.slice(1)}`;
}

function checkNode(def: ElementDef, pc: ProcessContext): void {
  const { diag } = pc;
  const fail = (message: string) => diag.error(typeOf(def), message, def.id);

  switch (def.type) {
    case "startEvent":
      if (def.incoming.length > 0) fail("start event must not have incoming sequence flows");
      if (def.outgoing.length === 0) fail("start event has no outgoing sequence flow");
      break;
    case "boundaryEvent":
      if (def.incoming.length > 0) fail("boundary event must not have incoming sequence flows");
      checkBoundary(def, pc, fail);
      break;
    case "endEvent":
      if (def.outgoing.length > 0) fail("end event must not have outgoing sequence flows");
      if (def.incoming.length === 0) fail("end event has no incoming sequence flow: it can never be reached");
      break;
    default: {
      const isLinkCatch = def.type === "intermediateCatchEvent" && def.eventDefinition?.kind === "link";
      const isLinkThrow = def.type === "intermediateThrowEvent" && def.eventDefinition?.kind === "link";
      const isEventSub = def.triggeredByEvent === true;
      if (def.incoming.length === 0 && !isLinkCatch && !isEventSub) {
        fail(`${def.type} has no incoming sequence flow: it can never be reached`);
      }
      if (isLinkThrow && def.outgoing.length > 0) fail("link throw event must not have outgoing sequence flows");
      if (GATEWAYS.has(def.type)) checkGateway(def, pc, fail);
      else if (def.outgoing.length === 0 && !isLinkThrow && !isEventSub) {
        diag.note(typeOf(def), `${def.type} has no outgoing sequence flow: the path ends there (implicit end)`, def.id);
      }
    }
  }
  if (def.default !== undefined) checkDefault(def, pc, fail);
}

function checkBoundary(def: ElementDef, pc: ProcessContext, fail: (m: string) => void): void {
  if (def.outgoing.length === 0) {
    pc.diag.note("bpmn:BoundaryEvent", "boundary event has no outgoing sequence flow: the path ends there (implicit end)", def.id);
  }
  if (!def.attachedTo) {
    fail("boundary event is attached to nothing (attachedToRef)");
    return;
  }
  const host = pc.nodes.get(def.attachedTo);
  const hostDef = pc.elements[def.attachedTo];
  if (!host) fail(`boundary event is attached to "${def.attachedTo}", which is not in this process`);
  else if (hostDef && !isActivity(hostDef)) fail(`boundary event is attached to ${hostDef.type} "${def.attachedTo}"; only activities can have boundary events`);
  else if (host.parent !== def.parent) fail(`boundary event and its activity "${def.attachedTo}" are in different scopes`);
}

function isActivity(def: ElementDef): boolean {
  return def.type.endsWith("Task") || def.type === "task" || def.type === "subProcess" || def.type === "callActivity";
}

function checkGateway(def: ElementDef, pc: ProcessContext, fail: (m: string) => void): void {
  if (def.outgoing.length === 0) fail(`${def.type} has no outgoing sequence flow`);
  if (def.type === "eventBasedGateway") {
    if (def.outgoing.length < 2) fail("event-based gateway needs at least two outgoing flows (one per event it waits for)");
    for (const flowId of def.outgoing) {
      const target = pc.elements[pc.flows[flowId].target];
      const ok =
        target &&
        ((target.type === "intermediateCatchEvent" &&
          (target.eventDefinition?.kind === "timer" || target.eventDefinition?.kind === "message")) ||
          target.type === "receiveTask");
      if (target && !ok) fail(`event-based gateway leads to ${target.type} "${target.id}"; it may only lead to message/timer catch events or receive tasks`);
      if (target && target.incoming.length > 1) fail(`"${target.id}" after an event-based gateway must have no other incoming flow`);
    }
    return;
  }
  if (def.type === "parallelGateway") {
    const conditional = def.outgoing.filter((f) => pc.flows[f].condition !== undefined);
    if (conditional.length > 0) {
      pc.diag.note(typeOf(def), `conditions on flows out of a parallel gateway are ignored (${conditional.join(", ")})`, def.id);
    }
    return;
  }
  if (CONDITIONAL_GATEWAYS.has(def.type) && def.outgoing.length > 1) {
    const bare = def.outgoing.filter((f) => f !== def.default && !pc.conditioned.has(f));
    if (bare.length > 0) {
      const fallback = def.default ? "" : " and there is no default flow";
      pc.diag.note(
        typeOf(def),
        `outgoing flows without a condition (${bare.join(", ")})${fallback}: at run time this raises an incident unless a condition is added`,
        def.id,
      );
    }
  }
}

function checkDefault(def: ElementDef, pc: ProcessContext, fail: (m: string) => void): void {
  const id = def.default ?? "";
  if (!def.outgoing.includes(id)) {
    fail(`default flow "${id}" is not an outgoing flow of this element`);
    return;
  }
  const flow = pc.flows[id];
  flow.isDefault = true;
  if (flow.condition !== undefined) {
    pc.diag.note("bpmn:SequenceFlow", "the condition of a default flow is ignored", id);
    delete flow.condition;
  }
}

/** Link events pair up by name within one scope. */
function checkLinks(pc: ProcessContext): void {
  const throws = new Map<string, ElementDef[]>();
  const catches = new Map<string, ElementDef[]>();
  for (const def of Object.values(pc.elements)) {
    if (def.eventDefinition?.kind !== "link") continue;
    const key = `${def.parent ?? ""}\u0000${def.eventDefinition.name}`;
    const map = def.type === "intermediateCatchEvent" ? catches : throws;
    map.set(key, [...(map.get(key) ?? []), def]);
  }
  for (const [key, list] of catches) {
    const name = key.split("\u0000")[1];
    if (list.length > 1) {
      for (const def of list) pc.diag.error(typeOf(def), `several link catch events are named "${name}" in the same scope`, def.id);
    }
    if (!throws.has(key)) {
      for (const def of list) pc.diag.error(typeOf(def), `link catch event "${name}" has no link throw event with the same name in its scope`, def.id);
    }
  }
  for (const [key, list] of throws) {
    if (catches.has(key)) continue;
    const name = key.split("\u0000")[1];
    for (const def of list) pc.diag.error(typeOf(def), `link throw event "${name}" has no link catch event with the same name in its scope`, def.id);
  }
}

function checkSeparationOfDuties(pc: ProcessContext): void {
  for (const def of Object.values(pc.elements)) {
    for (const other of def.userTask?.excludeParticipantsOf ?? []) {
      const target = pc.elements[other];
      if (!target || target.type !== "userTask") {
        pc.diag.error(typeOf(def), `baton:excludeParticipantsOf refers to "${other}", which is not a user task of this process`, def.id);
      }
    }
  }
}
