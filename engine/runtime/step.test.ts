import { describe, expect, it } from "vitest";
import parallel from "./elements/__fixtures__/parallel-join-3.bpmn?raw";
import inclusiveLoop from "./elements/__fixtures__/inclusive-loop.bpmn?raw";
import miTimer from "./elements/__fixtures__/mi-subprocess-timer.bpmn?raw";
import cycle from "./elements/__fixtures__/cycle-reminder.bpmn?raw";
import parent from "./elements/__fixtures__/call-error-parent.bpmn?raw";
import child from "./elements/__fixtures__/call-error-child.bpmn?raw";
import gateway from "./elements/__fixtures__/event-gateway.bpmn?raw";
import exclusive from "./elements/__fixtures__/exclusive-incident.bpmn?raw";
import { driverWith } from "../testing/fixtures";
import { replay, type EngineDriver } from "../testing/driver";
import { step, EngineError } from "./step";

async function scenario(): Promise<EngineDriver> {
  const d = await driverWith([parallel, inclusiveLoop, miTimer, cycle, parent, child, gateway, exclusive]);
  const p = d.start("parallel3");
  const l = d.start("inclusiveLoop", { round: 0, needB: true, retry: true });
  const m = d.start("miTimer", { reviewers: ["ann", "bob", "cy"] });
  const r = d.start("reminder");
  const c1 = d.start("caller", { order: "o-1" });
  const c2 = d.start("caller", { order: "o-2" });
  const g = d.start("eventGateway", { orderId: "o-1" });
  const x = d.start("exclusive", { amount: 5 });
  d.completeTask(p, "b");
  d.completeTask(l, "a");
  d.completeTask(l, "b", { retry: false });
  d.completeTask(m, "review", { verdict: "yes" });
  d.advanceTime(15 * 60_000);
  d.publishMessage("approved", "o-1", { at: d.now });
  for (const t of d.openTasks()) if (t.elementId === "check") d.completeTask(t.instanceId, "check", { valid: t.instanceId.length % 2 === 0 });
  d.setVariables(x, { amount: 500 });
  d.retryIncident(x, Object.keys(d.state(x).incidents)[0]!);
  d.advanceTime(60 * 60_000);
  d.completeTask(r, "work", { done: true });
  d.completeTask(p, "a");
  void c1;
  void c2;
  void g;
  return d;
}

function statesJson(d: EngineDriver): string {
  return JSON.stringify([...d.instances.values()].map((i) => [i.id, i.state]));
}

describe("step determinism", () => {
  it("replaying the recorded events reproduces every final state byte for byte", async () => {
    const d = await scenario();
    expect(d.log.length).toBeGreaterThan(20);
    const replayed = replay(d.log, (def) => d.modelFor(def));
    const original = [...d.instances.values()].map((i) => [i.id, JSON.stringify(i.state)]);
    const again = original.map(([id]) => [id, JSON.stringify(replayed.get(id!))]);
    expect(again).toEqual(original);
    // the same when every state goes through JSON between steps, as it does through Postgres
    const viaJson = replay(d.log, (def) => d.modelFor(def), { throughJson: true });
    expect(original.map(([id]) => [id, JSON.stringify(viaJson.get(id!))])).toEqual(original);
    for (const i of d.instances.values()) expect(JSON.parse(JSON.stringify(i.state))).toStrictEqual(i.state);
  });

  it("the same run twice gives the same log, effects and states", async () => {
    const a = await scenario();
    const b = await scenario();
    expect(JSON.stringify(b.log)).toBe(JSON.stringify(a.log));
    expect(JSON.stringify(b.effects)).toBe(JSON.stringify(a.effects));
    expect(statesJson(b)).toBe(statesJson(a));
  });

  it("never mutates the state it is given", async () => {
    const d = await driverWith([parallel]);
    const id = d.start("parallel3");
    const before = JSON.stringify(d.state(id));
    const frozen = d.state(id);
    const ctx = { now: () => 0, newId: (() => { let n = 0; return () => `z${++n}`; })() };
    const taskId = d.openTasks(id)[0]!.taskId;
    const r = step(d.modelFor("parallel3:1"), frozen, { type: "taskCompleted", taskId }, ctx);
    expect(JSON.stringify(frozen)).toBe(before);
    expect(r.state).not.toBe(frozen);
  });

  it("ignores events for waits that no longer exist and reports why", async () => {
    const d = await driverWith([parallel]);
    const id = d.start("parallel3");
    const r = step(d.modelFor("parallel3:1"), d.state(id), { type: "taskCompleted", taskId: "nope" }, { now: () => 0, newId: () => "x" });
    expect(r.effects).toEqual([]);
    expect(r.state).toBe(d.state(id));
    expect(r.ignored).toContain("nope");
  });

  it("rejects a start of an unknown process", async () => {
    const d = await driverWith([parallel]);
    expect(() => step(d.modelFor("parallel3:1"), null, { type: "start", processId: "nope" }, { now: () => 0, newId: () => "x" })).toThrow(EngineError);
  });

  it("cancel terminates every token and closes every wait", async () => {
    const d = await driverWith([miTimer]);
    const id = d.start("miTimer", { reviewers: ["a", "b"] });
    d.cancel(id);
    const s = d.state(id);
    expect(s.status).toBe("terminated");
    expect(s.tokens).toEqual({});
    expect(s.waits).toEqual({});
    expect(d.tasks.size + d.timers.size).toBe(0);
    const last = d.effects.at(-1)!.effect;
    expect(last).toEqual({ type: "terminateInstance", reason: "cancelled" });
  });
});

describe("engine entry point", () => {
  it("exports compile and step that work together", async () => {
    const engine = await import("../index");
    const r = await engine.compile(parallel);
    expect(r.ok).toBe(true);
    let n = 0;
    const out = engine.step(r.model!, null, { type: "start" }, { now: () => 1, newId: () => `i${++n}` });
    expect(out.state.status).toBe("active");
    expect(out.effects.filter((e) => e.type === "createTask")).toHaveLength(2);
    expect(engine.isInstanceActive(out.state)).toBe(true);
  });
});
