import { describe, expect, it } from "vitest";
import { compile } from "./index";
import { EXTERNAL_TASK_HINT } from "./diagnostics";
import { around, definitions, fixture } from "./__fixtures__/inline";

describe("unsupported elements are reported with id, type and reason, never ignored", async () => {
  const result = await compile(fixture("unsupported.bpmn"));
  const byId = (id: string) => result.unsupported.filter((u) => u.id === id);

  it("is not deployable, but has no errors: everything else is valid", () => {
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([]);
    expect(result.processes).toEqual([{ id: "legacy" }]);
  });

  it("lists exactly the unsupported things, in document order", () => {
    expect(result.unsupported.map((u) => [u.id, u.type])).toEqual([
      ["javaClass", "bpmn:ServiceTask"],
      ["delegate", "bpmn:ServiceTask"],
      ["expr", "bpmn:ServiceTask"],
      ["noJob", "bpmn:ServiceTask"],
      ["js", "bpmn:ScriptTask"],
      ["groovy", "bpmn:ScriptTask"],
      ["rules", "bpmn:BusinessRuleTask"],
      ["listened", "bpmn:UserTask"],
      ["listened", "bpmn:UserTask"],
      ["complex", "bpmn:ComplexGateway"],
      ["signal", "bpmn:SignalEventDefinition"],
      ["cond", "bpmn:ConditionalEventDefinition"],
      ["tx", "bpmn:Transaction"],
      ["adhoc", "bpmn:AdHocSubProcess"],
      ["juelCall", "bpmn:UserTask"],
      ["compensate", "bpmn:CompensateEventDefinition"],
    ]);
  });

  it("explains Java and script code with the external-task suggestion", () => {
    expect(byId("javaClass")[0]).toEqual({
      id: "javaClass",
      name: "Java class",
      type: "bpmn:ServiceTask",
      reason: `camunda:class="com.acme.Charge" runs Java code inside the engine, which Baton never does; ${EXTERNAL_TASK_HINT}`,
    });
    expect(byId("delegate")[0].reason).toContain('camunda:delegateExpression="${chargeDelegate}"');
    expect(byId("expr")[0].reason).toContain('camunda:expression="${bean.charge(order)}"');
    expect(byId("js")[0].reason).toMatch(/^scriptFormat="javascript": only FEEL scripts run in Baton/);
    expect(byId("groovy")[0].reason).toContain(EXTERNAL_TASK_HINT);
    expect(byId("listened").map((u) => u.reason)).toEqual([
      expect.stringContaining("camunda execution listener (start event) runs a javascript script"),
      expect.stringContaining('camunda task listener (create event) runs "com.acme.OnCreate"'),
    ]);
  });

  it("asks service tasks without an implementation for a job type", () => {
    expect(byId("noJob")[0].reason).toBe("needs a job type: zeebe:taskDefinition type or camunda:topic, or baton:http");
  });

  it("passes on the JUEL translator's refusal", () => {
    expect(byId("juelCall")[0].reason).toMatch(/^camunda:assignee: cannot convert JUEL "\$\{userService\.pick\(order\)\}": the method call/);
  });

  it("refuses business rule tasks unless they are jobs", async () => {
    expect(byId("rules")[0].reason).toContain("DMN decisions are not supported yet");
    const plain = await compile(around(`<bpmn:businessRuleTask id="x" />`));
    expect(plain.unsupported).toEqual([
      expect.objectContaining({ id: "x", reason: expect.stringContaining("business rule tasks are not supported yet") }),
    ]);
    const job = await compile(around(`<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="rules" /></bpmn:extensionElements></bpmn:businessRuleTask>`));
    expect(job.ok).toBe(true);
  });

  it("refuses a send task without job, connectors, JS conditions and multiple event definitions", async () => {
    const xml = around(
      `<bpmn:sendTask id="x" />`,
      `<bpmn:serviceTask id="conn"><bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:sequenceFlow id="js" sourceRef="start" targetRef="conn"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">a &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>
       <bpmn:intermediateCatchEvent id="multi"><bpmn:timerEventDefinition /><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>`,
    );
    const r = await compile(xml);
    expect(r.unsupported.map((u) => u.id)).toEqual(["x", "conn", "multi", "js"]);
    expect(r.unsupported[1].reason).toContain("use baton:http for HTTP calls");
    expect(r.unsupported[2].reason).toBe("multiple/parallel events (2 event definitions) are not supported");
    expect(r.unsupported[3].reason).toContain('condition language "javascript" is not supported');
  });

  it("refuses choreographies, standard loops and compensation activities", async () => {
    const xml = definitions(`<bpmn:choreography id="chor" />
      <bpmn:process id="p" isExecutable="true">
        <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />
        <bpmn:task id="t"><bpmn:standardLoopCharacteristics /></bpmn:task>
        <bpmn:task id="comp" isForCompensation="true" />
      </bpmn:process>`);
    const r = await compile(xml);
    expect(r.unsupported.map((u) => [u.id, u.type])).toEqual([
      ["chor", "bpmn:Choreography"],
      ["t", "bpmn:Task"],
      ["comp", "bpmn:Task"],
    ]);
  });
});
