import { describe, expect, it } from "vitest";
import loopScripts from "./__fixtures__/loop-scripts.bpmn?raw";
import loopFork from "./__fixtures__/loop-fork.bpmn?raw";
import loopGateway from "./__fixtures__/loop-gateway.bpmn?raw";
import miCompletion from "./elements/__fixtures__/mi-completion.bpmn?raw";
import { compile } from "../compiler";
import { loopsWithoutWait } from "../model/cycles";
import { driverWith, tokenElements } from "../testing/fixtures";
import { replay } from "../testing/driver";
import { DEFAULT_EXECUTION_BUDGET } from "./context";
import { step } from "./step";

const SHAPES = [
  { name: "script A -> script B -> script A", xml: loopScripts, processId: "loopScripts", loop: ["a", "b"] },
  { name: "a parallel fork re-entering itself", xml: loopFork, processId: "loopFork", loop: ["merge", "fork"] },
  { name: "a gateway looping to itself", xml: loopGateway, processId: "loopGateway", loop: ["gw"] },
];

describe("execution budget", () => {
  for (const shape of SHAPES) {
    it(`${shape.name}: the step returns with an executionBudget incident naming the loop, nothing of the loop kept`, async () => {
      const d = await driverWith([shape.xml], { executionBudget: 500 });
      const id = d.start(shape.processId);
      const s = d.state(id);
      expect(s.status).toBe("active");
      const incidents = Object.values(s.incidents);
      expect(incidents).toHaveLength(1);
      expect(incidents[0]!.kind).toBe("executionBudget");
      expect(incidents[0]!.message).toContain("execution budget exceeded: 500 elements");
      for (const el of shape.loop) expect(incidents[0]!.message).toContain(el);
      // rolled back to the last safe point: the start event, with none of the loop's work applied
      expect(tokenElements(d, id)).toEqual(["start:incident"]);
      expect(s.scopes[s.rootScopeId]!.vars).toEqual({});
      expect(d.effects.filter((e) => e.effect.type === "transition").length).toBeLessThan(5);
    });
  }

  it("the default budget stops a loop of scripts in well under a second", async () => {
    const { model } = await compile(loopScripts);
    const t0 = performance.now();
    let n = 0;
    const r = step(model!, null, { type: "start", processId: "loopScripts" }, { now: () => 0, newId: () => `id${n++}` });
    const ms = performance.now() - t0;
    expect(Object.values(r.state.incidents).map((i) => i.kind)).toEqual(["executionBudget"]);
    expect(r.state.scopes[r.state.rootScopeId]!.vars.a).toBeUndefined();
    expect(r.effects.length).toBeLessThan(10);
    expect(ms).toBeLessThan(5_000); // a sanity bound, not a benchmark: without the budget this never returns
    expect(DEFAULT_EXECUTION_BUDGET).toBe(5_000);
  });

  it("each retry moves the safe point on by the element it re-runs; the loop never runs away", async () => {
    const d = await driverWith([loopScripts], { executionBudget: 100 });
    const id = d.start("loopScripts");
    const at = () => tokenElements(d, id);
    const retry = () => d.retryIncident(id, Object.keys(d.state(id).incidents)[0]!);
    retry();
    expect(at()).toEqual(["a:incident"]);
    retry(); // script A runs once (n = 1), the loop is caught again at B
    expect(at()).toEqual(["b:incident"]);
    const s = d.state(id);
    expect(s.scopes[s.rootScopeId]!.vars.a).toBe(1);
    expect(Object.values(s.incidents)).toHaveLength(1);
  });

  it("a replay of a run over budget gives the same states", async () => {
    const d = await driverWith([loopFork, loopGateway], { executionBudget: DEFAULT_EXECUTION_BUDGET });
    d.start("loopFork");
    d.start("loopGateway");
    const replayed = replay(d.log, (def) => d.modelFor(def));
    for (const i of d.instances.values()) expect(JSON.stringify(replayed.get(i.id))).toBe(JSON.stringify(i.state));
  });

  it("a bounded loop that exits in time is not stopped", async () => {
    const d = await driverWith([loopGateway.replace("=true", "=false")], { executionBudget: 5 });
    const id = d.start("loopGateway");
    expect(d.state(id).status).toBe("completed");
  });

  it("a parallel multi-instance larger than the budget raises an incident before creating the instances", async () => {
    const d = await driverWith([miCompletion], { executionBudget: 2 });
    const id = d.start("miCompletion");
    const s = d.state(id);
    expect(Object.values(s.incidents).map((i) => i.kind)).toEqual(["executionBudget"]);
    expect(Object.values(s.incidents)[0]!.message).toContain("would start 3 instances");
    expect(tokenElements(d, id)).toEqual(["vote:incident"]);
  });
});

describe("loops without a wait state (static check)", () => {
  it("finds each looping shape and warns about it at compile time", async () => {
    for (const shape of SHAPES) {
      const r = await compile(shape.xml);
      expect(r.ok).toBe(true);
      expect(loopsWithoutWait(r.model!.processes[shape.processId]!)).toEqual([shape.loop]);
      const warning = r.info.find((i) => i.type === "loop");
      expect(warning?.message).toMatch(/^warning: the loop .* has no wait state/);
      expect(warning?.id).toBe(shape.loop[0]);
    }
  });

  it("a loop through a user task, a timer or a parallel join is not reported", async () => {
    const withTask = loopScripts.replace('<bpmn:scriptTask id="b" name="Script B">', '<bpmn:userTask id="b" name="Script B">').replace(/<\/bpmn:scriptTask>(\s*<bpmn:sequenceFlow id="f2")/, "</bpmn:userTask>$1");
    const r = await compile(withTask);
    expect(r.ok).toBe(true);
    expect(loopsWithoutWait(r.model!.processes.loopScripts!)).toEqual([]);
    expect(r.info.some((i) => i.type === "loop")).toBe(false);
  });
});
