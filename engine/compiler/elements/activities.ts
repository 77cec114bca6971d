// What every activity can carry (I/O mappings, multi-instance, compensation) and call activities.
import type { ModdleElement } from "bpmn-moddle";
import type { ElementDef, MultiInstanceDef } from "../../model/types";
import type { ProcessContext } from "../context";
import { exprToFeel } from "../expressions";
import { readC7CallActivity, readC7Io, readC7MultiInstance } from "../extensions/camunda7";
import { readZeebeCalledElement, readZeebeIo, readZeebeLoop } from "../extensions/zeebe";
import { attr, extension, many, ref } from "../moddle";

export function compileActivity(el: ModdleElement, def: ElementDef, pc: ProcessContext): void {
  const { diag } = pc;
  if (el.get("isForCompensation") === true) {
    diag.unsupportedElement(el, "compensation activities (isForCompensation) are not supported");
  }
  if (ref(el, "ioSpecification")) diag.ignore("bpmn:InputOutputSpecification", el.id);
  if (many(el, "dataInputAssociations").length + many(el, "dataOutputAssociations").length > 0) {
    diag.ignore("bpmn:DataAssociation", el.id);
  }
  if (many(el, "properties").length > 0) diag.ignore("bpmn:Property", el.id);

  const zeebeIo = readZeebeIo(el, diag);
  const c7Io = readC7Io(el, diag);
  const inputs = [...zeebeIo.inputs, ...c7Io.inputs];
  const outputs = [...zeebeIo.outputs, ...c7Io.outputs];

  if (def.type === "callActivity") {
    const c7 = readC7CallActivity(el, diag);
    inputs.push(...c7.inputs);
    outputs.push(...c7.outputs);
    const called = readZeebeCalledElement(el, diag) ?? c7.def;
    if (called) def.callActivity = called;
    else diag.elementError(el, "call activity has no called element (calledElement or zeebe:calledElement processId)");
  }
  if (def.type === "subProcess" && el.get("triggeredByEvent") === true) def.triggeredByEvent = true;

  if (inputs.length > 0) def.inputs = inputs;
  if (outputs.length > 0) def.outputs = outputs;

  const loop = ref(el, "loopCharacteristics");
  if (loop) compileLoop(loop, el, def, pc);
}

function compileLoop(loop: ModdleElement, el: ModdleElement, def: ElementDef, pc: ProcessContext): void {
  const { diag } = pc;
  if (loop.$type === "bpmn:StandardLoopCharacteristics") {
    diag.unsupportedElement(el, "standard loops (loop marker) are not supported; use a multi-instance activity or a gateway loop");
    return;
  }
  if (loop.$type !== "bpmn:MultiInstanceLoopCharacteristics") {
    diag.unsupportedElement(el, `${loop.$type} is not supported`);
    return;
  }
  const mi: MultiInstanceDef = {
    isSequential: loop.get("isSequential") === true,
    ...readC7MultiInstance(loop, el, diag),
    ...readZeebeLoop(loop, el, diag),
  };
  const cardinality = formalBody(ref(loop, "loopCardinality"));
  if (cardinality) mi.loopCardinality = exprToFeel(cardinality, { el, what: "loopCardinality" }, diag);
  const completion = formalBody(ref(loop, "completionCondition"));
  if (completion) mi.completionCondition = exprToFeel(completion, { el, what: "completionCondition" }, diag);
  for (const key of Object.keys(mi) as (keyof MultiInstanceDef)[]) if (mi[key] === undefined) delete mi[key];

  if (mi.inputCollection === undefined && mi.loopCardinality === undefined) {
    if (!cardinality && !hasCollectionAttempt(loop)) {
      diag.elementError(
        el,
        "multi-instance needs an input collection (zeebe:loopCharacteristics inputCollection or camunda:collection) or a loopCardinality",
      );
    }
    return;
  }
  if (mi.outputCollection !== undefined && mi.outputElement === undefined) {
    diag.elementError(el, "multi-instance outputCollection needs an outputElement (what each instance contributes)");
  }
  def.multiInstance = mi;
}

/** An attempt that failed to compile has been reported already; do not add "needs a collection". */
function hasCollectionAttempt(loop: ModdleElement): boolean {
  return attr(loop, "camunda:collection") !== undefined || attr(extension(loop, "zeebe:LoopCharacteristics"), "inputCollection") !== undefined;
}

export function formalBody(expr: ModdleElement | undefined): string | undefined {
  if (!expr) return undefined;
  const body = String(expr.get("body") ?? "").trim();
  return body === "" ? undefined : body;
}
