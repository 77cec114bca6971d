// One BPMN flow node -> ElementDef, or an "unsupported" entry saying why not.
import type { ModdleElement } from "bpmn-moddle";
import type { ElementDef, ElementType } from "../../model/types";
import type { ProcessContext } from "../context";
import { c7CodeReasons, noteC7Ignored } from "../extensions/camunda7";
import { zeebeUnsupportedReasons } from "../extensions/zeebe";
import { isA, ref } from "../moddle";
import { compileActivity } from "./activities";
import { compileEvent } from "./events";
import { compileTask } from "./tasks";

const TYPES: Record<string, ElementType> = {
  "bpmn:StartEvent": "startEvent",
  "bpmn:EndEvent": "endEvent",
  "bpmn:IntermediateCatchEvent": "intermediateCatchEvent",
  "bpmn:IntermediateThrowEvent": "intermediateThrowEvent",
  "bpmn:BoundaryEvent": "boundaryEvent",
  "bpmn:Task": "task",
  "bpmn:ManualTask": "manualTask",
  "bpmn:UserTask": "userTask",
  "bpmn:ServiceTask": "serviceTask",
  "bpmn:ScriptTask": "scriptTask",
  "bpmn:SendTask": "sendTask",
  "bpmn:ReceiveTask": "receiveTask",
  "bpmn:BusinessRuleTask": "businessRuleTask",
  "bpmn:ExclusiveGateway": "exclusiveGateway",
  "bpmn:ParallelGateway": "parallelGateway",
  "bpmn:InclusiveGateway": "inclusiveGateway",
  "bpmn:EventBasedGateway": "eventBasedGateway",
  "bpmn:SubProcess": "subProcess",
  "bpmn:CallActivity": "callActivity",
};

/** Valid BPMN that Baton does not execute, with what to do instead. */
const UNSUPPORTED: Record<string, string> = {
  "bpmn:ComplexGateway": "complex gateways are not supported; use exclusive, inclusive or parallel gateways",
  "bpmn:Transaction": "transactions (and their cancel/compensation semantics) are not supported",
  "bpmn:AdHocSubProcess": "ad-hoc subprocesses are not supported",
  "bpmn:ImplicitThrowEvent": "implicit throw events are not supported",
};

const EVENTS = new Set<ElementType>(["startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"]);

export function isChoreography(type: string): boolean {
  return /^bpmn:(Choreography|SubChoreography|CallChoreography|ChoreographyTask|GlobalChoreographyTask)/.test(type);
}

export function compileFlowNode(el: ModdleElement, parent: string | null, pc: ProcessContext): void {
  const { diag } = pc;
  const id = el.id;
  if (!id) {
    diag.error(el.$type, `a ${el.$type} has no id`);
    return;
  }
  pc.nodes.set(id, { el, parent });
  const type = TYPES[el.$type];
  if (!type) {
    const reason = UNSUPPORTED[el.$type] ?? (isChoreography(el.$type) ? "choreographies are not supported" : `${el.$type} is not supported`);
    diag.unsupportedElement(el, reason);
    return;
  }
  const def: ElementDef = { id, type, parent, incoming: [], outgoing: [] };
  if (typeof el.name === "string" && el.name.trim() !== "") def.name = el.name;
  const defaultFlow = ref(el, "default");
  if (defaultFlow?.id) def.default = defaultFlow.id;

  for (const reason of zeebeUnsupportedReasons(el)) diag.unsupportedElement(el, reason);
  noteC7Ignored(el, diag);

  if (EVENTS.has(type)) {
    compileEvent(el, def, pc);
    for (const reason of c7CodeReasons(el)) diag.unsupportedElement(el, reason); // listeners on events
  } else if (isA(el, "bpmn:Activity")) {
    compileActivity(el, def, pc);
    if (type === "subProcess" || type === "callActivity") {
      for (const reason of c7CodeReasons(el)) diag.unsupportedElement(el, reason);
    } else {
      compileTask(el, def, pc);
    }
  } else {
    for (const reason of c7CodeReasons(el)) diag.unsupportedElement(el, reason); // listeners on gateways
    if (type === "eventBasedGateway" && (el.get("instantiate") === true || el.get("eventGatewayType") === "Parallel")) {
      diag.unsupportedElement(el, "event-based gateways that start the process or wait for all events are not supported");
    }
  }
  pc.elements[id] = def;
}
