// Camunda 8 (zeebe:) extension elements that mean the same as Baton's.
import type { ModdleElement } from "bpmn-moddle";
import type {
  CallActivityDef,
  Feel,
  FormRef,
  IoMapping,
  JobServiceCall,
  MultiInstanceDef,
  ScriptDef,
  UserTaskDef,
} from "../../model/types";
import type { Diagnostics } from "../diagnostics";
import { exprToFeel, integerToFeel, listToFeel, literalInteger, valueToFeel, variableName } from "../expressions";
import { attr, extension, extensions, many } from "../moddle";

/** `formKey="camunda-forms:bpmn:<id>"` points at a zeebe:userTaskForm declared on the process. */
const EMBEDDED_FORM_KEY = /^camunda-forms:bpmn:(.+)$/;

export function readZeebeUserTask(
  el: ModdleElement,
  userTaskForms: ReadonlyMap<string, string>,
  diag: Diagnostics,
): UserTaskDef {
  const out: UserTaskDef = {};
  const site = (what: string) => ({ el, what: `zeebe:${what}` });
  const assignment = extension(el, "zeebe:AssignmentDefinition");
  const assignee = attr(assignment, "assignee");
  if (assignee) out.assignee = valueToFeel(assignee, site("assignmentDefinition assignee"), diag);
  const users = attr(assignment, "candidateUsers");
  if (users) out.candidateUsers = listToFeel(users, site("assignmentDefinition candidateUsers"), diag);
  const groups = attr(assignment, "candidateGroups");
  if (groups) out.candidateGroups = listToFeel(groups, site("assignmentDefinition candidateGroups"), diag);
  const schedule = extension(el, "zeebe:TaskSchedule");
  const due = attr(schedule, "dueDate");
  if (due) out.dueDate = valueToFeel(due, site("taskSchedule dueDate"), diag);
  const followUp = attr(schedule, "followUpDate");
  if (followUp) out.followUpDate = valueToFeel(followUp, site("taskSchedule followUpDate"), diag);
  const priority = attr(extension(el, "zeebe:PriorityDefinition"), "priority");
  if (priority) out.priority = integerToFeel(priority, site("priorityDefinition priority"), diag);
  const form = readZeebeForm(el, userTaskForms, diag);
  if (form) out.form = form;
  return out;
}

/** zeebe:formDefinition on a user task or a start event. */
export function readZeebeForm(el: ModdleElement, userTaskForms: ReadonlyMap<string, string>, diag: Diagnostics): FormRef | undefined {
  const def = extension(el, "zeebe:FormDefinition");
  if (!def) return undefined;
  const formId = attr(def, "formId");
  if (formId) {
    const form: FormRef = { key: formId };
    if (attr(def, "bindingType") === "versionTag") {
      diag.note(el.$type, `form version tag "${attr(def, "versionTag") ?? ""}" is ignored: the latest form is used`, el.id);
    }
    return form;
  }
  const formKey = attr(def, "formKey");
  if (formKey) {
    const embedded = EMBEDDED_FORM_KEY.exec(formKey);
    if (!embedded) return { key: formKey };
    const inline = userTaskForms.get(embedded[1]);
    if (inline === undefined) {
      diag.elementError(el, `zeebe:formDefinition formKey "${formKey}" refers to a zeebe:userTaskForm that does not exist`);
      return undefined;
    }
    return { inline };
  }
  const external = attr(def, "externalReference");
  return external ? { key: external } : undefined;
}

/** zeebe:userTaskForm bodies declared in the process's extensionElements, by id. */
export function readZeebeUserTaskForms(process: ModdleElement): Map<string, string> {
  const forms = new Map<string, string>();
  for (const f of extensions(process, "zeebe:UserTaskForm")) {
    const id = attr(f, "id");
    if (id) forms.set(id, String(f.get("body") ?? ""));
  }
  return forms;
}

/** zeebe:taskDefinition (+ zeebe:taskHeaders) -> a job. */
export function readZeebeJob(el: ModdleElement, diag: Diagnostics): JobServiceCall | undefined {
  const def = extension(el, "zeebe:TaskDefinition");
  if (!def) return undefined;
  const type = attr(def, "type");
  if (!type) {
    diag.elementError(el, "zeebe:taskDefinition has no type (the job type workers subscribe to)");
    return undefined;
  }
  if (type.startsWith("=")) {
    diag.unsupportedElement(el, `zeebe:taskDefinition type "${type}" is an expression; use a fixed job type`);
    return undefined;
  }
  const job: JobServiceCall = { kind: "job", type };
  const retriesText = attr(def, "retries");
  if (retriesText !== undefined) {
    if (retriesText.startsWith("=")) {
      diag.note(el.$type, `zeebe:taskDefinition retries "${retriesText}" is an expression; the default is used`, el.id);
    } else {
      const retries = literalInteger(retriesText, { el, what: "zeebe:taskDefinition retries" }, diag);
      if (retries !== undefined) job.retries = retries;
    }
  }
  const headers = readZeebeHeaders(el);
  if (headers) job.headers = headers;
  return job;
}

export function readZeebeHeaders(el: ModdleElement): Record<string, string> | undefined {
  const values = many(extension(el, "zeebe:TaskHeaders"), "values");
  if (values.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const h of values) {
    const key = attr(h, "key");
    if (key) headers[key] = String(h.get("value") ?? "");
  }
  return headers;
}

export function readZeebeIo(el: ModdleElement, diag: Diagnostics): { inputs: IoMapping[]; outputs: IoMapping[] } {
  const io = extension(el, "zeebe:IoMapping");
  const read = (params: ModdleElement[], dir: string): IoMapping[] =>
    params.flatMap((p) => {
      const what = `zeebe:${dir} "${attr(p, "target") ?? ""}"`;
      const target = variableName(attr(p, "target"), { el, what: `${what} target` }, diag, true);
      const rawSource = attr(p, "source");
      const source = rawSource === undefined ? "null" : valueToFeel(rawSource, { el, what: `${what} source` }, diag);
      return target !== undefined && source !== undefined ? [{ source, target }] : [];
    });
  return { inputs: read(many(io, "inputParameters"), "input"), outputs: read(many(io, "outputParameters"), "output") };
}

export function readZeebeCalledElement(el: ModdleElement, diag: Diagnostics): CallActivityDef | undefined {
  const called = extension(el, "zeebe:CalledElement");
  if (!called) return undefined;
  const processId = attr(called, "processId");
  if (!processId) return undefined;
  // Zeebe's defaults: all child variables are copied back, all parent variables are passed in
  const def: CallActivityDef = {
    processId,
    binding: "latest",
    propagateAllChildVariables: called.get("propagateAllChildVariables") !== false,
    propagateAllParentVariables: called.get("propagateAllParentVariables") !== false,
  };
  if (processId.startsWith("=")) {
    def.processIdExpr = exprToFeel(processId, { el, what: "zeebe:calledElement processId" }, diag);
  }
  const binding = attr(called, "bindingType");
  if (binding === "deployment") def.binding = "deployment";
  else if (binding === "versionTag") {
    def.binding = "versionTag";
    def.versionTag = attr(called, "versionTag");
  }
  return def;
}

export function readZeebeLoop(loop: ModdleElement, owner: ModdleElement, diag: Diagnostics): Partial<MultiInstanceDef> {
  const z = extension(loop, "zeebe:LoopCharacteristics");
  if (!z) return {};
  const out: Partial<MultiInstanceDef> = {};
  const site = (what: string) => ({ el: owner, what: `zeebe:loopCharacteristics ${what}` });
  const input = attr(z, "inputCollection");
  if (input) out.inputCollection = exprToFeel(input, site("inputCollection"), diag);
  const element = attr(z, "inputElement");
  if (element) out.inputElement = variableName(element, site("inputElement"), diag);
  const collection = attr(z, "outputCollection");
  if (collection) out.outputCollection = variableName(collection, site("outputCollection"), diag);
  const outputElement = attr(z, "outputElement");
  if (outputElement) out.outputElement = exprToFeel(outputElement, site("outputElement"), diag);
  return out;
}

export function readZeebeScript(el: ModdleElement, diag: Diagnostics): ScriptDef | undefined {
  const script = extension(el, "zeebe:Script");
  if (!script) return undefined;
  const expression = attr(script, "expression");
  if (!expression) {
    diag.elementError(el, "zeebe:script has no expression");
    return undefined;
  }
  const feel = exprToFeel(expression, { el, what: "zeebe:script expression" }, diag);
  if (feel === undefined) return undefined;
  const def: ScriptDef = { expression: feel };
  const result = variableName(attr(script, "resultVariable"), { el, what: "zeebe:script resultVariable" }, diag);
  if (result) def.resultVariable = result;
  return def;
}

/** The correlation key of a message (zeebe:subscription on bpmn:Message). */
export function readZeebeCorrelationKey(message: ModdleElement, owner: ModdleElement, diag: Diagnostics): Feel | undefined {
  const key = attr(extension(message, "zeebe:Subscription"), "correlationKey");
  return key ? exprToFeel(key, { el: owner, what: "zeebe:subscription correlationKey" }, diag) : undefined;
}

/** Zeebe features that need machinery Baton does not have (yet). */
export function zeebeUnsupportedReasons(el: ModdleElement): string[] {
  const reasons: string[] = [];
  if (extension(el, "zeebe:ExecutionListeners")) reasons.push("zeebe:executionListeners are not supported yet");
  if (extension(el, "zeebe:TaskListeners")) reasons.push("zeebe:taskListeners are not supported yet");
  return reasons;
}
