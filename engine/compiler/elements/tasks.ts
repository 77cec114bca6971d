// User, service, send, business rule, script and receive tasks.
// Where several dialects set the same thing, Baton wins over Zeebe, which wins over Camunda 7.
import type { ModdleElement } from "bpmn-moddle";
import type { ElementDef, ServiceCallDef, UserTaskDef } from "../../model/types";
import type { ProcessContext } from "../context";
import { EXTERNAL_TASK_HINT } from "../diagnostics";
import { exprToFeel, variableName } from "../expressions";
import { readBatonHttp, readBatonJob, readBatonUserTask } from "../extensions/baton";
import { c7CodeReasons, readC7Job, readC7UserTask } from "../extensions/camunda7";
import { readZeebeJob, readZeebeScript, readZeebeUserTask } from "../extensions/zeebe";
import { attr, extension, ref } from "../moddle";
import { messageDefinition } from "./events";

const NEEDS_JOB = "needs a job type: zeebe:taskDefinition type or camunda:topic, or baton:http";

export function compileTask(el: ModdleElement, def: ElementDef, pc: ProcessContext): void {
  for (const reason of c7CodeReasons(el)) pc.diag.unsupportedElement(el, reason);
  switch (def.type) {
    case "userTask":
      def.userTask = compileUserTask(el, pc);
      return;
    case "serviceTask":
    case "sendTask":
      return compileServiceLike(el, def, pc);
    case "businessRuleTask":
      return compileBusinessRule(el, def, pc);
    case "scriptTask":
      return compileScript(el, def, pc);
    case "receiveTask": {
      const message = messageDefinition(ref(el, "messageRef"), el, def, pc);
      if (message) def.eventDefinition = message;
      return;
    }
    default:
      return; // task, manualTask: pass through
  }
}

function compileUserTask(el: ModdleElement, pc: ProcessContext): UserTaskDef {
  const merged: UserTaskDef = {
    ...readC7UserTask(el, pc.diag),
    ...readZeebeUserTask(el, pc.userTaskForms, pc.diag),
    ...readBatonUserTask(el, pc.diag),
  };
  // readers leave `undefined` for values that failed (already reported): drop them from the model
  for (const key of Object.keys(merged) as (keyof UserTaskDef)[]) if (merged[key] === undefined) delete merged[key];
  return merged;
}

function readJob(el: ModdleElement, pc: ProcessContext) {
  return readBatonJob(el, pc.diag) ?? readZeebeJob(el, pc.diag) ?? readC7Job(el, pc.diag);
}

function setService(def: ElementDef, service: ServiceCallDef, pc: ProcessContext): void {
  def.service = service;
  if (service.kind === "job") pc.diag.jobType(service.type);
}

function hasCode(el: ModdleElement): boolean {
  return c7CodeReasons(el).length > 0;
}

function compileServiceLike(el: ModdleElement, def: ElementDef, pc: ProcessContext): void {
  const http = readBatonHttp(el, pc.diag);
  const job = readJob(el, pc);
  if (http && job) {
    pc.diag.elementError(el, `has both baton:http and job type "${job.type}"; keep one`);
    return;
  }
  const service = http ?? job;
  if (service) return setService(def, service, pc);
  if (hasCode(el) || attr(el, "camunda:type")) return; // reported already
  // A send task naming a message and no worker: Baton publishes the message itself
  const message = def.type === "sendTask" ? ref(el, "messageRef") : undefined;
  if (message) {
    const published = messageDefinition(message, el, def, pc);
    if (published) def.eventDefinition = published;
    return;
  }
  pc.diag.unsupportedElement(el, def.type === "sendTask" ? `${NEEDS_JOB}, or a message to publish (messageRef)` : NEEDS_JOB);
}

function compileBusinessRule(el: ModdleElement, def: ElementDef, pc: ProcessContext): void {
  const job = readJob(el, pc);
  if (job) return setService(def, job, pc);
  if (attr(el, "camunda:type")) return; // reported by readC7Job
  if (extension(el, "zeebe:CalledDecision") || attr(el, "camunda:decisionRef")) {
    pc.diag.unsupportedElement(el, "DMN decisions are not supported yet; give the task a zeebe:taskDefinition to evaluate the rules in a worker");
    return;
  }
  if (!hasCode(el)) {
    pc.diag.unsupportedElement(el, "business rule tasks are not supported yet (unless they have a zeebe:taskDefinition: then they run as a job)");
  }
}

function compileScript(el: ModdleElement, def: ElementDef, pc: ProcessContext): void {
  const { diag } = pc;
  const job = readZeebeJob(el, diag) ?? readBatonJob(el, diag);
  if (job) {
    // Zeebe lets a script task be a job; it then behaves exactly like a service task, so it
    // compiles to one (the runtime's script behaviour only evaluates FEEL)
    def.type = "serviceTask";
    return setService(def, job, pc);
  }
  const zeebe = readZeebeScript(el, diag);
  if (zeebe) {
    def.script = zeebe;
    return;
  }
  if (extension(el, "zeebe:Script")) return; // invalid zeebe:script, reported
  const format = attr(el, "scriptFormat");
  if (attr(el, "camunda:resource")) {
    diag.unsupportedElement(el, `scripts loaded from a resource (camunda:resource) are not supported; ${EXTERNAL_TASK_HINT}`);
    return;
  }
  if (!format || !/^(application\/)?feel$/i.test(format)) {
    diag.unsupportedElement(
      el,
      `${format ? `scriptFormat="${format}"` : "a script without scriptFormat"}: only FEEL scripts run in Baton ` +
        `(scriptFormat="feel" or zeebe:script), never JavaScript or Groovy; ${EXTERNAL_TASK_HINT}`,
    );
    return;
  }
  const body = String(el.get("script") ?? "").trim();
  if (body === "") {
    diag.elementError(el, "script task has no script");
    return;
  }
  const expression = exprToFeel(body, { el, what: "script" }, diag);
  if (expression === undefined) return;
  def.script = { expression };
  const result = variableName(attr(el, "camunda:resultVariable"), { el, what: "camunda:resultVariable" }, diag);
  if (result) def.script.resultVariable = result;
}
