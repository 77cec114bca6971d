import { describe, expect, it } from "vitest";
import { compile } from "./index";
import { definitions } from "./__fixtures__/inline";

/** A process whose start event carries `attrs` and `ext` (extension elements), then a task, then the end. */
function withStart(attrs: string, ext = "", processExt = "", definition = ""): string {
  return definitions(`  <bpmn:process id="p" isExecutable="true">
    ${processExt ? `<bpmn:extensionElements>${processExt}</bpmn:extensionElements>` : ""}
    <bpmn:startEvent id="start" ${attrs}>${ext ? `<bpmn:extensionElements>${ext}</bpmn:extensionElements>` : ""}${definition}</bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t" />
    <bpmn:userTask id="t" />
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`);
}

async function startForm(xml: string) {
  const r = await compile(xml);
  expect(r.errors).toEqual([]);
  expect(r.ok).toBe(true);
  return r.model!.processes.p.elements.start.form;
}

describe("compile: start forms", () => {
  it("reads baton:form", async () => {
    expect(await startForm(withStart('baton:form="expense-start"'))).toEqual({ key: "expense-start" });
  });

  it("reads zeebe:formDefinition formId (linked form, latest version)", async () => {
    expect(await startForm(withStart("", '<zeebe:formDefinition formId="order-start" />'))).toEqual({ key: "order-start" });
  });

  it("reads an embedded zeebe:userTaskForm through formKey camunda-forms:bpmn:", async () => {
    const body = '{"components":[{"key":"amount","type":"number"}]}';
    const xml = withStart("", '<zeebe:formDefinition formKey="camunda-forms:bpmn:startForm" />', `<zeebe:userTaskForm id="startForm">${body}</zeebe:userTaskForm>`);
    expect(await startForm(xml)).toEqual({ inline: body });
  });

  it("reads camunda:formKey and camunda:formRef with a pinned version", async () => {
    expect(await startForm(withStart('camunda:formKey="camunda-forms:deployment:start.form"'))).toEqual({ key: "camunda-forms:deployment:start.form" });
    expect(await startForm(withStart('camunda:formRef="startForm" camunda:formRefBinding="version" camunda:formRefVersion="2"'))).toEqual({ key: "startForm", version: 2 });
  });

  it("prefers baton:form over zeebe: over camunda:", async () => {
    const xml = withStart('baton:form="b" camunda:formKey="c"', '<zeebe:formDefinition formId="z" />');
    expect(await startForm(xml)).toEqual({ key: "b" });
    expect(await startForm(withStart('camunda:formKey="c"', '<zeebe:formDefinition formId="z" />'))).toEqual({ key: "z" });
  });

  it("has no form without one, and none on a timer start event", async () => {
    expect(await startForm(withStart(""))).toBeUndefined();
    const timer = withStart('baton:form="ignored"', "", "", "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>");
    expect(await startForm(timer)).toBeUndefined();
  });

  it("refuses an embedded form key whose userTaskForm does not exist", async () => {
    const r = await compile(withStart("", '<zeebe:formDefinition formKey="camunda-forms:bpmn:missing" />'));
    expect(r.ok).toBe(false);
    expect(r.errors[0].message).toContain("camunda-forms:bpmn:missing");
  });
});
