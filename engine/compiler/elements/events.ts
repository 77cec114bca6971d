// Start, end, intermediate and boundary events: which event definitions are allowed where.
import type { ModdleElement } from "bpmn-moddle";
import type { ElementDef, EventDefinition } from "../../model/types";
import type { ProcessContext } from "../context";
import { c7CodeReasons, readC7Form, readC7Job } from "../extensions/camunda7";
import { readZeebeCorrelationKey, readZeebeForm, readZeebeJob } from "../extensions/zeebe";
import { readBatonForm, readBatonJob } from "../extensions/baton";
import { attr, many, ref } from "../moddle";
import { compileTimer } from "../timers";

type Kind = EventDefinition["kind"];

const KIND_BY_TYPE: Record<string, Kind> = {
  "bpmn:TimerEventDefinition": "timer",
  "bpmn:MessageEventDefinition": "message",
  "bpmn:ErrorEventDefinition": "error",
  "bpmn:EscalationEventDefinition": "escalation",
  "bpmn:LinkEventDefinition": "link",
  "bpmn:TerminateEventDefinition": "terminate",
};

const UNSUPPORTED_DEFINITIONS: Record<string, string> = {
  "bpmn:SignalEventDefinition": "signal events are not supported yet; use a message event",
  "bpmn:ConditionalEventDefinition": "conditional events are not supported; use a gateway with conditions",
  "bpmn:CompensateEventDefinition": "compensation is not supported",
  "bpmn:CancelEventDefinition": "cancel events (transactions) are not supported",
};

/** "none" stands for an event without definition. */
type Allowed = ReadonlySet<Kind | "none">;
const ALLOWED: Record<string, Allowed> = {
  processStart: new Set(["none", "timer", "message"]),
  subProcessStart: new Set(["none"]),
  eventSubProcessStart: new Set(["timer", "message", "error", "escalation"]),
  endEvent: new Set(["none", "terminate", "error", "escalation", "message"]),
  intermediateCatchEvent: new Set(["timer", "message", "link"]),
  intermediateThrowEvent: new Set(["none", "link", "escalation", "message"]),
  boundaryEvent: new Set(["timer", "message", "error", "escalation"]),
};

function placement(el: ModdleElement, def: ElementDef): string {
  if (def.type !== "startEvent") return def.type;
  const scope = el.$parent;
  if (scope?.$type === "bpmn:SubProcess") return scope.get("triggeredByEvent") ? "eventSubProcessStart" : "subProcessStart";
  return "processStart";
}

const PLACEMENT_LABEL: Record<string, string> = {
  processStart: "a process start event",
  subProcessStart: "the start event of an embedded subprocess",
  eventSubProcessStart: "the start event of an event subprocess",
  endEvent: "an end event",
  intermediateCatchEvent: "an intermediate catch event",
  intermediateThrowEvent: "an intermediate throw event",
  boundaryEvent: "a boundary event",
};

export function compileEvent(el: ModdleElement, def: ElementDef, pc: ProcessContext): void {
  const { diag } = pc;
  // set before any early return: the structure pass checks every boundary event's host
  if (def.type === "boundaryEvent") {
    const host = ref(el, "attachedToRef");
    if (host?.id) def.attachedTo = host.id;
    def.cancelActivity = el.get("cancelActivity") !== false;
  }
  const definitions = many(el, "eventDefinitions");
  if (many(el, "eventDefinitionRefs").length > 0) {
    diag.unsupportedElement(el, "event definitions referenced by id (eventDefinitionRef) are not supported; define them inline");
  }
  if (definitions.length > 1) {
    diag.unsupportedElement(el, `multiple/parallel events (${definitions.length} event definitions) are not supported`);
    return;
  }
  const d = definitions[0];
  if (d && UNSUPPORTED_DEFINITIONS[d.$type]) {
    diag.unsupportedElement(el, UNSUPPORTED_DEFINITIONS[d.$type], d.$type);
    return;
  }
  const kind: Kind | "none" = d ? KIND_BY_TYPE[d.$type] : "none";
  if (kind === undefined) {
    diag.unsupportedElement(el, `${d?.$type} is not supported`, d?.$type);
    return;
  }
  const where = placement(el, def);
  if (!ALLOWED[where].has(kind)) {
    const what = kind === "none" ? "an event without a definition (none event)" : `a ${kind} event definition`;
    diag.elementError(el, `${PLACEMENT_LABEL[where]} cannot have ${what}`);
    return;
  }

  if (def.type === "startEvent" && where === "eventSubProcessStart") def.isInterrupting = el.get("isInterrupting") !== false;
  if (!d) {
    // a start form: what a person fills in to start the process (Baton wins over Zeebe over Camunda 7)
    if (where === "processStart") {
      const form = readBatonForm(el) ?? readZeebeForm(el, pc.userTaskForms, diag) ?? readC7Form(el, diag);
      if (form) def.form = form;
    }
    return;
  }
  for (const reason of c7CodeReasons(d)) diag.unsupportedElement(el, reason);

  switch (kind) {
    case "timer": {
      const timer = compileTimer(d, el, diag);
      if (timer) def.eventDefinition = { kind: "timer", timer };
      return;
    }
    case "message":
      return compileMessage(el, d, def, pc);
    case "error": {
      const error = ref(d, "errorRef");
      const code = attr(error, "errorCode");
      if (!code && def.type === "endEvent") {
        diag.elementError(el, "error end event needs an error with an errorCode (errorRef)");
        return;
      }
      def.eventDefinition = { kind: "error" };
      if (code) def.eventDefinition.code = code;
      const message = attr(error, "camunda:errorMessage");
      if (message) def.eventDefinition.message = message;
      return;
    }
    case "escalation": {
      const code = attr(ref(d, "escalationRef"), "escalationCode");
      if (!code && def.type !== "boundaryEvent" && def.type !== "startEvent") {
        diag.elementError(el, "escalation event needs an escalation with an escalationCode (escalationRef)");
        return;
      }
      def.eventDefinition = code ? { kind: "escalation", code } : { kind: "escalation" };
      return;
    }
    case "link": {
      const name = attr(d, "name");
      if (!name) {
        diag.elementError(el, "link event needs a name (the link's name pairs throw and catch)");
        return;
      }
      def.eventDefinition = { kind: "link", name };
      return;
    }
    case "terminate":
      def.eventDefinition = { kind: "terminate" };
      return;
  }
}

function compileMessage(el: ModdleElement, d: ModdleElement, def: ElementDef, pc: ProcessContext): void {
  const { diag } = pc;
  const isThrow = def.type === "endEvent" || def.type === "intermediateThrowEvent";
  if (isThrow) {
    // Zeebe and Camunda 7 implement message throw events as jobs; without one, Baton publishes the message itself.
    const job = readBatonJob(el, diag) ?? readZeebeJob(el, diag) ?? readC7Job(d, diag, el);
    if (job) {
      def.service = job;
      diag.jobType(job.type);
      // the runtime dispatches throw events on their definition kind, then sees the job; the name
      // only matters when Baton publishes the message itself
      const name = attr(ref(d, "messageRef"), "name") ?? "";
      def.eventDefinition = { kind: "message", name };
      return;
    }
  }
  const message = ref(d, "messageRef") ?? ref(el, "messageRef");
  const named = messageDefinition(message, el, def, pc);
  if (named) def.eventDefinition = named;
}

/** A message reference -> `{ kind: "message", name, correlationKeyExpr? }` (also used by receive tasks). */
export function messageDefinition(
  message: ModdleElement | undefined,
  el: ModdleElement,
  def: ElementDef,
  pc: ProcessContext,
): EventDefinition | undefined {
  const { diag } = pc;
  const name = attr(message, "name");
  if (!message || !name) {
    const hint = def.type === "endEvent" || def.type === "intermediateThrowEvent" ? " or a job type (zeebe:taskDefinition)" : "";
    diag.elementError(el, `message ${def.type} needs a message with a name (messageRef)${hint}`);
    return undefined;
  }
  if (name.startsWith("=") || name.includes("${")) {
    diag.unsupportedElement(el, `message name "${name}" is an expression; use a fixed message name`);
    return undefined;
  }
  const result: EventDefinition = { kind: "message", name };
  const key = readZeebeCorrelationKey(message, el, diag);
  // a process start event creates the instance, so there is nothing to correlate with
  const startsProcess = def.type === "startEvent" && def.parent === null;
  if (key !== undefined && !startsProcess) result.correlationKeyExpr = key;
  return result;
}
