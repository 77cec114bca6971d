// Test helper: wraps process XML in a <bpmn:definitions> with every namespace the compiler reads.
import { readFileSync } from "node:fs";

export function fixture(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), "utf8");
}

/** `processes` is raw XML placed inside <bpmn:definitions>. */
export function definitions(processes: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
    xmlns:baton="http://baton.dev/schema/bpmn/1.0"
    id="Definitions_test" targetNamespace="http://baton.dev/test">
${processes}
</bpmn:definitions>
`;
}

/** One executable process `p` running start -> `node` (id "x") -> end. */
export function around(node: string, extra = ""): string {
  return definitions(`  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f_in" sourceRef="start" targetRef="x" />
    ${node}
    <bpmn:sequenceFlow id="f_out" sourceRef="x" targetRef="end" />
    <bpmn:endEvent id="end" />
    ${extra}
  </bpmn:process>`);
}
