import { describe, expect, it } from "vitest";
import { compile } from "./index";
import { around } from "./__fixtures__/inline";

const condition = (body: string, language = "") =>
  around(
    `<bpmn:exclusiveGateway id="x" default="f_out" />`,
    `<bpmn:sequenceFlow id="c" sourceRef="x" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"${language}>${body}</bpmn:conditionExpression></bpmn:sequenceFlow>`,
  );

describe("expressions at compile time", () => {
  it("strips Zeebe's = and keeps FEEL", async () => {
    const r = await compile(condition("= amount &gt; 100"));
    expect(r.model?.processes.p.flows.c.condition).toBe("amount > 100");
  });

  it("translates Camunda 7 JUEL conditions to FEEL", async () => {
    const r = await compile(condition("${amount &gt; 100 &amp;&amp; !rejected}"));
    expect(r.errors).toEqual([]);
    expect(r.model?.processes.p.flows.c.condition).toBe("amount > 100 and not(rejected)");
  });

  it("treats an unmarked condition as FEEL, and language=feel too", async () => {
    expect((await compile(condition("approved = true"))).model?.processes.p.flows.c.condition).toBe("approved = true");
    const feel = await compile(condition("approved", ' language="https://www.omg.org/spec/DMN/20191111/FEEL"'));
    expect(feel.model?.processes.p.flows.c.condition).toBe("approved");
  });

  it("reports FEEL syntax errors with the element id and position", async () => {
    const r = await compile(condition("= amount &gt;"));
    expect(r.errors).toEqual([
      expect.objectContaining({
        id: "c",
        type: "bpmn:SequenceFlow",
        message: 'condition: syntax error in FEEL expression "amount >": expression is incomplete at position 8',
        line: 14,
      }),
    ]);
  });

  it("reports JUEL the translator refuses as unsupported, with its reason", async () => {
    const r = await compile(condition("${execution.getVariable('x') == 1}"));
    expect(r.errors).toEqual([]);
    expect(r.unsupported).toEqual([
      {
        id: "c",
        type: "bpmn:SequenceFlow",
        reason: expect.stringMatching(/^condition: cannot convert JUEL .*"execution" \(Camunda 7's Java context object\) is not supported/),
      },
    ]);
  });

  it("checks FEEL in zeebe and baton attributes too", async () => {
    const r = await compile(
      around(`<bpmn:userTask id="x" baton:assignee="=manager(" >
        <bpmn:extensionElements><zeebe:taskSchedule dueDate="=now( +" /></bpmn:extensionElements>
      </bpmn:userTask>`),
    );
    expect(r.errors.map((e) => [e.id, e.message.split(":")[0]])).toEqual([
      ["x", "zeebe"],
      ["x", "baton"],
    ]);
  });

  it("translates JUEL in Camunda 7 attribute values; plain text stays a literal", async () => {
    const r = await compile(around(`<bpmn:userTask id="x" camunda:assignee="Hello \${name}" camunda:dueDate="P1D" camunda:priority="\${urgent ? 90 : 10}" />`));
    expect(r.model?.processes.p.elements.x.userTask).toEqual({
      assignee: '"Hello " + string(name)',
      dueDate: '"P1D"',
      priority: "if urgent then 90 else 10",
    });
  });

  it("rejects a priority that is neither a number nor an expression, and bad variable names", async () => {
    const r = await compile(
      around(`<bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:script expression="=1" resultVariable="1bad" /></bpmn:extensionElements></bpmn:scriptTask>`,
        `<bpmn:userTask id="u" camunda:priority="high" /><bpmn:sequenceFlow id="fu" sourceRef="start" targetRef="u" />`),
    );
    expect(r.errors.map((e) => [e.id, e.message])).toEqual([
      ["x", 'zeebe:script resultVariable must be a variable name, got "1bad"'],
      ["u", 'camunda:priority must be a whole number or an expression, got "high"'],
    ]);
  });
});
