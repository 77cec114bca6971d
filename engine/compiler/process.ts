// One executable bpmn:Process -> CompiledProcess: walks scopes, then runs the structure checks.
import type { ModdleElement } from "bpmn-moddle";
import type { CompiledProcess, SequenceFlow } from "../model/types";
import type { ProcessContext } from "./context";
import type { Diagnostics } from "./diagnostics";
import { formalBody } from "./elements/activities";
import { compileFlowNode, isChoreography } from "./elements/flow-node";
import { exprToFeel } from "./expressions";
import { c7CodeReasons } from "./extensions/camunda7";
import { readZeebeUserTaskForms } from "./extensions/zeebe";
import { attr, extension, isA, many, ref } from "./moddle";
import { checkStructure } from "./structure";
import { describeLoop, loopsWithoutWait } from "../model/cycles";

const IGNORED_FLOW_ELEMENTS = new Set(["bpmn:DataObject", "bpmn:DataObjectReference", "bpmn:DataStoreReference"]);

export function compileProcess(process: ModdleElement, diag: Diagnostics): CompiledProcess {
  const id = process.id ?? "";
  const pc: ProcessContext = {
    diag,
    processId: id,
    userTaskForms: readZeebeUserTaskForms(process),
    elements: {},
    flows: {},
    nodes: new Map(),
    flowSources: [],
    conditioned: new Set(),
  };
  for (const reason of c7CodeReasons(process)) diag.unsupportedElement(process, reason);
  if (ref(process, "ioSpecification")) diag.ignore("bpmn:InputOutputSpecification", id);
  if (many(process, "properties").length > 0) diag.ignore("bpmn:Property", id);
  walkScope(process, null, pc);
  for (const { el } of pc.flowSources) compileFlow(el, pc);
  checkStructure(pc);

  const compiled: CompiledProcess = { id, isExecutable: true, elements: pc.elements, flows: pc.flows };
  if (typeof process.name === "string" && process.name.trim() !== "") compiled.name = process.name;
  const versionTag = attr(extension(process, "zeebe:VersionTag"), "value") ?? attr(process, "camunda:versionTag");
  if (versionTag) compiled.versionTag = versionTag;
  warnLoopsWithoutWait(compiled, diag);
  return compiled;
}

function walkScope(scope: ModdleElement, parent: string | null, pc: ProcessContext): void {
  for (const laneSet of many(scope, "laneSets")) ignoreLanes(laneSet, pc.diag);
  for (const artifact of many(scope, "artifacts")) {
    pc.diag.ignore(isA(artifact, "bpmn:Association") ? "bpmn:Association" : artifact.$type, artifact.id);
  }
  for (const el of many(scope, "flowElements")) {
    if (el.$type === "bpmn:SequenceFlow") {
      pc.flowSources.push({ el, parent });
    } else if (IGNORED_FLOW_ELEMENTS.has(el.$type)) {
      pc.diag.ignore(el.$type, el.id);
    } else if (isA(el, "bpmn:FlowNode")) {
      compileFlowNode(el, parent, pc);
      // only plain/event subprocesses are walked: transactions and ad-hoc ones are refused as a whole
      if (el.$type === "bpmn:SubProcess" && el.id) walkScope(el, el.id, pc);
    } else {
      const reason = isChoreography(el.$type) ? "choreographies are not supported" : `${el.$type} is not supported`;
      pc.diag.unsupportedElement(el, reason);
    }
  }
}

function ignoreLanes(laneSet: ModdleElement, diag: Diagnostics): void {
  for (const lane of many(laneSet, "lanes")) {
    diag.ignore("bpmn:Lane", lane.id);
    const child = ref(lane, "childLaneSet");
    if (child) ignoreLanes(child, diag);
  }
}

const FEEL_LANGUAGE = /feel/i;
const JUEL_LANGUAGE = /^juel$/i;

function compileFlow(el: ModdleElement, pc: ProcessContext): void {
  const { diag } = pc;
  const id = el.id;
  if (!id) {
    diag.error(el.$type, "a sequence flow has no id");
    return;
  }
  const source = ref(el, "sourceRef")?.id;
  const target = ref(el, "targetRef")?.id;
  const flow: SequenceFlow = { id, source: source ?? "", target: target ?? "", isDefault: false };
  if (typeof el.name === "string" && el.name.trim() !== "") flow.name = el.name;
  const expr = ref(el, "conditionExpression");
  if (expr) pc.conditioned.add(id);
  const body = formalBody(expr);
  if (expr && body === undefined && !attr(expr, "camunda:resource")) {
    diag.elementError(el, "condition expression is empty");
  } else if (expr) {
    const language = attr(expr, "language");
    if (attr(expr, "camunda:resource")) {
      diag.unsupportedElement(el, `conditions loaded from a resource (camunda:resource) are not supported; write the condition in FEEL`);
    } else if (language && !FEEL_LANGUAGE.test(language) && !JUEL_LANGUAGE.test(language)) {
      diag.unsupportedElement(el, `condition language "${language}" is not supported: write conditions in FEEL ("=…") or Camunda 7 JUEL ("\${…}"), never a script language`);
    } else if (body !== undefined) {
      const feel = exprToFeel(body, { el, what: "condition" }, diag);
      if (feel !== undefined) flow.condition = feel;
    }
  }
  pc.flows[id] = flow;
}

/** A warning, not a refusal: a counted retry loop (script increments, gateway exits) is legitimate. */
function warnLoopsWithoutWait(proc: CompiledProcess, diag: Diagnostics): void {
  for (const loop of loopsWithoutWait(proc)) {
    const first = proc.elements[loop[0]!]!;
    diag.note(
      "loop",
      `warning: the loop ${describeLoop(proc, loop)} has no wait state (user task, timer, message, job); ` +
        `if its exit condition never holds, an instance stops with an execution-budget incident. Add a wait state or make sure the loop exits`,
      first.id,
    );
  }
}
