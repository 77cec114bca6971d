// Camunda 7 (camunda:) attributes that mean the same as Baton's, and the ones Baton refuses.
import type { ModdleElement } from "bpmn-moddle";
import type { CallActivityDef, FormRef, IoMapping, JobServiceCall, MultiInstanceDef, UserTaskDef } from "../../model/types";
import { EXTERNAL_TASK_HINT, type Diagnostics } from "../diagnostics";
import { exprToFeel, literalInteger, valueToFeel, variableName } from "../expressions";
import { readAssignmentAttributes } from "./assignment-attributes";
import { attr, extension, extensions, many } from "../moddle";

export function readC7UserTask(el: ModdleElement, diag: Diagnostics): UserTaskDef {
  const out = readAssignmentAttributes(el, "camunda", diag);
  const form = readC7Form(el, diag);
  if (form) out.form = form;
  return out;
}

/** camunda:formRef (+ binding) or camunda:formKey on a user task or a start event. */
export function readC7Form(el: ModdleElement, diag: Diagnostics): FormRef | undefined {
  const formKey = attr(el, "camunda:formKey");
  const formRef = attr(el, "camunda:formRef");
  if (extensions(el, "camunda:FormData").length > 0) {
    diag.note(el.$type, "camunda:formData (generated task forms) is ignored; reference a form instead", el.id);
  }
  if (formRef) {
    const form: FormRef = { key: formRef };
    if (attr(el, "camunda:formRefBinding") === "version") {
      const version = literalInteger(attr(el, "camunda:formRefVersion"), { el, what: "camunda:formRefVersion" }, diag);
      if (version !== undefined) form.version = version;
    }
    return form;
  }
  return formKey ? { key: formKey } : undefined;
}

/**
 * `camunda:type="external" camunda:topic="x"` -> a job of type x. `el` carries the attributes (a
 * message event definition for C7 message throw events); `owner` is the element reported on.
 */
export function readC7Job(el: ModdleElement, diag: Diagnostics, owner: ModdleElement = el): JobServiceCall | undefined {
  const type = attr(el, "camunda:type");
  if (!type) return undefined;
  if (type !== "external") {
    diag.unsupportedElement(owner, `camunda:type="${type}" (a Camunda 7 built-in connector) is not supported; ${EXTERNAL_TASK_HINT}`);
    return undefined;
  }
  const topic = attr(el, "camunda:topic");
  if (!topic) {
    diag.elementError(owner, 'camunda:type="external" needs camunda:topic (the job type workers subscribe to)');
    return undefined;
  }
  if (topic.includes("${") || topic.includes("#{")) {
    diag.unsupportedElement(owner, `camunda:topic "${topic}" is an expression; use a fixed topic name`);
    return undefined;
  }
  if (attr(el, "camunda:taskPriority")) {
    diag.note(owner.$type, "camunda:taskPriority is ignored (jobs are fetched in creation order)", owner.id);
  }
  return { kind: "job", type: topic };
}

/** Java classes, JUEL method calls, connectors and scripts run in the engine: never in Baton. */
export function c7CodeReasons(el: ModdleElement): string[] {
  const reasons: string[] = [];
  for (const name of ["class", "delegateExpression", "expression"]) {
    const value = attr(el, `camunda:${name}`);
    if (value) reasons.push(`camunda:${name}="${value}" runs Java code inside the engine, which Baton never does; ${EXTERNAL_TASK_HINT}`);
  }
  if (extension(el, "camunda:Connector")) {
    reasons.push(`camunda:connector is not supported; use baton:http for HTTP calls, or ${EXTERNAL_TASK_HINT}`);
  }
  const listeners = [...extensions(el, "camunda:ExecutionListener"), ...extensions(el, "camunda:TaskListener")];
  for (const l of listeners) {
    const kind = l.$type === "camunda:TaskListener" ? "task listener" : "execution listener";
    const impl = attr(l, "class") ?? attr(l, "delegateExpression") ?? attr(l, "expression");
    const script = l.get("script") as ModdleElement | undefined;
    const what = impl ? `"${impl}"` : script ? `a ${attr(script, "scriptFormat") ?? ""} script` : "code";
    reasons.push(`camunda ${kind} (${attr(l, "event") ?? "any"} event) runs ${what} inside the engine; ${EXTERNAL_TASK_HINT}`);
  }
  return reasons;
}

/** camunda:inputOutput -> input/output mappings (lists and maps become FEEL lists/contexts). */
export function readC7Io(el: ModdleElement, diag: Diagnostics): { inputs: IoMapping[]; outputs: IoMapping[] } {
  const io = extension(el, "camunda:InputOutput");
  const read = (params: ModdleElement[], dir: string): IoMapping[] =>
    params.flatMap((p) => {
      const target = variableName(attr(p, "name"), { el, what: `camunda:${dir}Parameter name` }, diag);
      const source = parameterValue(p, el, `camunda:${dir}Parameter "${attr(p, "name") ?? ""}"`, diag);
      return target !== undefined && source !== undefined ? [{ source, target }] : [];
    });
  return {
    inputs: read(many(io, "inputParameters"), "input"),
    outputs: read(many(io, "outputParameters"), "output"),
  };
}

function parameterValue(p: ModdleElement, owner: ModdleElement, what: string, diag: Diagnostics): string | undefined {
  const definition = p.get("definition") as ModdleElement | undefined;
  if (definition) return definitionValue(definition, owner, what, diag);
  const text = (p.get("value") as string | undefined) ?? "";
  return text.trim() === "" ? "null" : valueToFeel(text, { el: owner, what }, diag);
}

function definitionValue(def: ModdleElement, owner: ModdleElement, what: string, diag: Diagnostics): string | undefined {
  switch (def.$type) {
    case "camunda:List": {
      const items = many(def, "items").map((i) => definitionValue(i, owner, what, diag));
      return items.some((i) => i === undefined) ? undefined : `[${items.join(", ")}]`;
    }
    case "camunda:Map": {
      const entries = many(def, "entries").map((e) => {
        const key = JSON.stringify(attr(e, "key") ?? "");
        const inner = e.get("definition") as ModdleElement | undefined;
        const value = inner
          ? definitionValue(inner, owner, what, diag)
          : valueToFeel((e.get("value") as string | undefined) ?? "", { el: owner, what }, diag);
        return value === undefined ? undefined : `${key}: ${value}`;
      });
      return entries.some((e) => e === undefined) ? undefined : `{${entries.join(", ")}}`;
    }
    case "camunda:Value":
      return valueToFeel((def.get("value") as string | undefined) ?? "", { el: owner, what }, diag);
    case "camunda:Script": {
      const format = attr(def, "scriptFormat") ?? "";
      if (/feel/i.test(format)) return exprToFeel(String(def.get("value") ?? ""), { el: owner, what }, diag);
      diag.unsupportedElement(owner, `${what}: a ${format || "script"} script value; only FEEL is evaluated (no JavaScript or Groovy)`);
      return undefined;
    }
    default:
      diag.unsupportedElement(owner, `${what}: ${def.$type} values are not supported`);
      return undefined;
  }
}

/** Standard `calledElement` plus camunda binding attributes and camunda:in / camunda:out. */
export function readC7CallActivity(
  el: ModdleElement,
  diag: Diagnostics,
): { def?: CallActivityDef; inputs: IoMapping[]; outputs: IoMapping[] } {
  const called = attr(el, "calledElement");
  const inputs: IoMapping[] = [];
  const outputs: IoMapping[] = [];
  let allIn = false;
  let allOut = false;
  for (const binding of [...extensions(el, "camunda:In"), ...extensions(el, "camunda:Out")]) {
    const isIn = binding.$type === "camunda:In";
    if (attr(binding, "businessKey")) {
      diag.note(el.$type, "camunda:in businessKey is ignored (child instances get their own business key)", el.id);
      continue;
    }
    if (attr(binding, "variables") === "all") {
      if (isIn) allIn = true;
      else allOut = true;
      continue;
    }
    const what = `camunda:${isIn ? "in" : "out"}`;
    const target = variableName(attr(binding, "target"), { el, what: `${what} target` }, diag);
    const sourceName = attr(binding, "source");
    const sourceExpr = attr(binding, "sourceExpression");
    const source = sourceExpr
      ? valueToFeel(sourceExpr, { el, what: `${what} sourceExpression` }, diag)
      : variableName(sourceName, { el, what: `${what} source` }, diag);
    if (target !== undefined && source !== undefined) (isIn ? inputs : outputs).push({ source, target });
  }
  if (!called) return { inputs, outputs };
  const def: CallActivityDef = {
    processId: called,
    binding: "latest",
    propagateAllParentVariables: allIn,
    propagateAllChildVariables: allOut,
  };
  if (called.includes("${") || called.includes("#{")) {
    def.processIdExpr = valueToFeel(called, { el, what: "calledElement" }, diag);
  }
  const binding = attr(el, "camunda:calledElementBinding");
  if (binding === "version") {
    def.binding = "version";
    def.version = literalInteger(attr(el, "camunda:calledElementVersion"), { el, what: "camunda:calledElementVersion" }, diag);
  } else if (binding === "versionTag") {
    def.binding = "versionTag";
    def.versionTag = attr(el, "camunda:calledElementVersionTag");
  } else if (binding === "deployment") {
    def.binding = "deployment";
  }
  return { def, inputs, outputs };
}

/** camunda:collection (a variable name or JUEL) and camunda:elementVariable. */
export function readC7MultiInstance(loop: ModdleElement, owner: ModdleElement, diag: Diagnostics): Partial<MultiInstanceDef> {
  const out: Partial<MultiInstanceDef> = {};
  const collection = attr(loop, "camunda:collection");
  if (collection) out.inputCollection = exprToFeel(collection, { el: owner, what: "camunda:collection" }, diag);
  const element = attr(loop, "camunda:elementVariable");
  if (element) out.inputElement = variableName(element, { el: owner, what: "camunda:elementVariable" }, diag);
  return out;
}

/** Engine tuning that has no meaning in Baton (every step is already durable). */
export function noteC7Ignored(el: ModdleElement, diag: Diagnostics): void {
  // camunda:exclusive defaults to true and only matters together with async, so it is not listed
  for (const name of ["asyncBefore", "asyncAfter", "async"]) {
    if (el.get(`camunda:${name}`) === true) {
      diag.note(el.$type, `camunda:${name} is ignored: Baton commits every step in its own transaction`, el.id);
    }
  }
  if (attr(el, "camunda:jobPriority")) diag.note(el.$type, "camunda:jobPriority is ignored", el.id);
  if (extension(el, "camunda:FailedJobRetryTimeCycle")) {
    diag.note(el.$type, "camunda:failedJobRetryTimeCycle is ignored; failed jobs raise an incident", el.id);
  }
}
