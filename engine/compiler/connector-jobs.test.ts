// Validation tells the truth about workers: Camunda's REST connector runs inside Baton, so it is
// not listed among the job types a model needs a worker for; other job types are.
import { describe, expect, it } from "vitest";
import { compile } from "./index";

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="rest" />
    <bpmn:serviceTask id="rest"><bpmn:extensionElements><zeebe:taskDefinition type="io.camunda:http-json:1" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="rest" targetRef="pay" />
    <bpmn:serviceTask id="pay"><bpmn:extensionElements><zeebe:taskDefinition type="payment" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="pay" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe("job types that need a worker", () => {
  it("lists customer job types but not the built-in REST connector", async () => {
    const r = await compile(xml);
    expect(r.ok).toBe(true);
    expect(r.jobTypes).toEqual(["payment"]);
    expect(r.info.map((i) => i.message)).toEqual(
      expect.arrayContaining(['needs a worker for job type "payment"', `job type "io.camunda:http-json:1" (Camunda REST connector) is run by Baton's built-in HTTP connector`]),
    );
  });
});
