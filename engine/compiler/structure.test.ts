import { describe, expect, it } from "vitest";
import { compile } from "./index";
import { around, definitions, fixture } from "./__fixtures__/inline";

describe("structure: graph errors carry the element id and its line", async () => {
  const result = await compile(fixture("structure.bpmn"));

  it("reports each problem of the fixture once", () => {
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.id, e.message])).toEqual([
      ["f4", 'refers to missing element "ghost" (bpmn:targetRef) on <bpmn:SequenceFlow id="f4">'],
      ["badTimer", 'timer timeDuration "five minutes" is not valid: expected an ISO 8601 duration such as PT15M or P2D'],
      ["call", "call activity has no called element (calledElement or zeebe:calledElement processId)"],
      ["f4", "sequence flow has no target (targetRef)"],
      ["orphan", "task has no incoming sequence flow: it can never be reached"],
      ["floating", "boundary event is attached to nothing (attachedToRef)"],
      ["linkIn", 'link catch event "nowhere" has no link throw event with the same name in its scope'],
      ["startless", 'process "startless" has no start event'],
      ["lonely", "task has no incoming sequence flow: it can never be reached"],
    ]);
  });

  it("gives 1-based lines and columns of the element's start tag", () => {
    expect(result.errors.find((e) => e.id === "orphan")).toMatchObject({ line: 14, column: 5, type: "bpmn:Task" });
    expect(result.errors.find((e) => e.id === "startless")).toMatchObject({ line: 29, column: 3, type: "bpmn:Process" });
  });

  it("warns (info, not error) about gateway flows without condition and no default", () => {
    expect(result.info).toContainEqual({
      id: "gw",
      type: "bpmn:ExclusiveGateway",
      message: "outgoing flows without a condition (f3) and there is no default flow: at run time this raises an incident unless a condition is added",
    });
  });
});

describe("structure: more rules", () => {
  const errorsOf = async (xml: string) => (await compile(xml)).errors.map((e) => [e.id, e.message]);

  it("rejects flows into a start event, out of an end event and across subprocess boundaries", async () => {
    const xml = definitions(`<bpmn:process id="p" isExecutable="true">
      <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
      <bpmn:subProcess id="sub">
        <bpmn:startEvent id="subStart" /><bpmn:sequenceFlow id="f2" sourceRef="subStart" targetRef="inner" />
        <bpmn:task id="inner" />
      </bpmn:subProcess>
      <bpmn:sequenceFlow id="cross" sourceRef="inner" targetRef="e" />
      <bpmn:sequenceFlow id="f3" sourceRef="sub" targetRef="e" />
      <bpmn:endEvent id="e" /><bpmn:sequenceFlow id="back" sourceRef="e" targetRef="s" />
    </bpmn:process>`);
    expect(await errorsOf(xml)).toEqual([
      ["cross", 'sequence flow connects "inner" across a subprocess boundary; flows must stay inside one scope'],
      ["s", "start event must not have incoming sequence flows"],
      ["e", "end event must not have outgoing sequence flows"],
    ]);
  });

  it("checks event subprocesses, link pairs, event-based gateways and default flows", async () => {
    const xml = definitions(`<bpmn:process id="p" isExecutable="true">
      <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="ebg" />
      <bpmn:eventBasedGateway id="ebg" />
      <bpmn:sequenceFlow id="f2" sourceRef="ebg" targetRef="t" />
      <bpmn:task id="t" default="elsewhere" /><bpmn:sequenceFlow id="f3" sourceRef="t" targetRef="out" />
      <bpmn:intermediateThrowEvent id="out"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateThrowEvent>
      <bpmn:intermediateCatchEvent id="in"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>
      <bpmn:sequenceFlow id="f4" sourceRef="in" targetRef="e" /><bpmn:endEvent id="e" />
      <bpmn:sequenceFlow id="elsewhere" sourceRef="in" targetRef="e" />
      <bpmn:subProcess id="evt" triggeredByEvent="true"><bpmn:task id="evtTask" /></bpmn:subProcess>
    </bpmn:process>`);
    expect(await errorsOf(xml)).toEqual([
      ["evt", "event subprocess needs exactly one start event, found 0"],
      ["ebg", "event-based gateway needs at least two outgoing flows (one per event it waits for)"],
      ["ebg", 'event-based gateway leads to task "t"; it may only lead to message/timer catch events or receive tasks'],
      ["t", 'default flow "elsewhere" is not an outgoing flow of this element'],
      ["evtTask", "task has no incoming sequence flow: it can never be reached"],
    ]);
  });

  it("knows where each event definition may appear", async () => {
    const r = await compile(
      around(
        `<bpmn:intermediateCatchEvent id="x" />`,
        `<bpmn:boundaryEvent id="b" attachedToRef="x" /><bpmn:sequenceFlow id="fb" sourceRef="b" targetRef="end" />
         <bpmn:endEvent id="errEnd"><bpmn:errorEventDefinition /></bpmn:endEvent>
         <bpmn:sequenceFlow id="fe" sourceRef="start" targetRef="errEnd" />`,
      ),
    );
    expect(r.errors.map((e) => [e.id, e.message])).toEqual([
      ["x", "an intermediate catch event cannot have an event without a definition (none event)"],
      ["b", "a boundary event cannot have an event without a definition (none event)"],
      ["errEnd", "error end event needs an error with an errorCode (errorRef)"],
      ["b", 'boundary event is attached to intermediateCatchEvent "x"; only activities can have boundary events'],
    ]);
  });

  it("requires a called element, message names and a multi-instance collection", async () => {
    const r = await compile(
      around(
        `<bpmn:userTask id="x"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>`,
        `<bpmn:receiveTask id="r" /><bpmn:sequenceFlow id="fr" sourceRef="start" targetRef="r" />`,
      ),
    );
    expect(r.errors.map((e) => [e.id, e.message])).toEqual([
      ["x", "multi-instance needs an input collection (zeebe:loopCharacteristics inputCollection or camunda:collection) or a loopCardinality"],
      ["r", "message receiveTask needs a message with a name (messageRef)"],
    ]);
  });
});

describe("timers", () => {
  const timer = (slot: string, body: string, on = "intermediateCatchEvent") =>
    around(`<bpmn:${on} id="x"><bpmn:timerEventDefinition><bpmn:${slot}>${body}</bpmn:${slot}></bpmn:timerEventDefinition></bpmn:${on}>`);

  it.each([
    ["timeDuration", "PT15M", "duration"],
    ["timeDuration", "P1DT12H", "duration"],
    ["timeDate", "2030-01-31T09:00:00Z", "date"],
    ["timeDate", "2030-01-31T09:00:00+01:00", "date"],
    ["timeCycle", "R5/PT1H", "cycle"],
    ["timeCycle", "R/P1D", "cycle"],
    ["timeCycle", "R3/2030-01-01T00:00:00Z/PT1H", "cycle"],
    ["timeCycle", "0 0 9 * * MON-FRI", "cron"],
    ["timeCycle", "*/5 * * * *", "cron"],
  ])("accepts %s %s as %s", async (slot, body, kind) => {
    const r = await compile(timer(slot, body));
    expect(r.errors).toEqual([]);
    expect(r.model?.processes.p.elements.x.eventDefinition).toEqual({ kind: "timer", timer: { kind, expression: body, isExpression: false } });
  });

  it("accepts FEEL (=) and JUEL (${}) timers as expressions", async () => {
    const feel = await compile(timer("timeDuration", '=duration("PT" + string(minutes) + "M")'));
    expect(feel.model?.processes.p.elements.x.eventDefinition).toEqual({
      kind: "timer",
      timer: { kind: "duration", expression: 'duration("PT" + string(minutes) + "M")', isExpression: true },
    });
    const juel = await compile(timer("timeDate", "${dueAt}"));
    expect(juel.model?.processes.p.elements.x.eventDefinition).toMatchObject({ timer: { kind: "date", expression: "dueAt", isExpression: true } });
  });

  it.each([
    ["timeDuration", "15 minutes"],
    ["timeDuration", "PT"],
    ["timeDate", "2030-13-45T09:00:00Z"],
    ["timeDate", "tomorrow"],
    ["timeCycle", "R5/every hour"],
    ["timeCycle", "not a cron at all"],
    ["timeDuration", "=duration("],
    ["timeDuration", ""],
  ])("rejects %s %j with the event id", async (slot, body) => {
    const r = await compile(timer(slot, body));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ id: "x", type: "bpmn:IntermediateCatchEvent", line: 11 });
    expect(r.errors[0].message).toContain(`timer ${slot}`);
  });

  it("rejects a timer without any definition", async () => {
    const r = await compile(around(`<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>`));
    expect(r.errors.map((e) => e.message)).toEqual(["timer has no timeDate, timeDuration or timeCycle"]);
  });
});
