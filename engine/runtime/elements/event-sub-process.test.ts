import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/event-subprocess.bpmn?raw";
import { driverWith, effectsOf, tokenElements, transitions } from "../../testing/fixtures";

describe("event subprocess", () => {
  it("a non-interrupting message start runs alongside, once per message", async () => {
    const d = await driverWith([xml]);
    const id = d.start("esp", { id: "x" });
    expect(d.publishMessage("ping", "x")).toBe(1);
    expect(d.publishMessage("ping", "x")).toBe(1);
    const s = d.state(id);
    expect(s.scopes[s.rootScopeId]!.vars.pings).toBe(2);
    expect(tokenElements(d, id)).toEqual(["inner:waiting", "sp:waiting", "work:waiting"]);
    expect(transitions(d, id, "completed").filter((e) => e === "pinged")).toHaveLength(2);
  });

  it("an error end in a subprocess starts the interrupting error event subprocess of the process", async () => {
    const d = await driverWith([xml]);
    const id = d.start("esp", { id: "x" });
    d.completeTask(id, "inner", { fail: true });
    expect(d.openTasks(id).map((t) => t.elementId)).toEqual(["repair"]);
    expect(transitions(d, id, "terminated").sort()).toEqual(["errEnd", "sp", "work"]);
    // the scope's other event subprocess starts were closed by the interruption
    expect(effectsOf(d, id, "cancelTimer")).toMatchObject([{ elementId: "timeout_start" }]);
    expect(effectsOf(d, id, "closeSubscription")).toMatchObject([{ elementId: "ping_start" }]);
    d.completeTask(id, "repair");
    expect(d.state(id).status).toBe("completed");
  });

  it("an interrupting timer start cancels the work of the scope", async () => {
    const d = await driverWith([xml]);
    const id = d.start("esp", { id: "x" });
    d.advanceTime(2 * 3_600_000);
    expect(d.openTasks(id).map((t) => t.elementId)).toEqual(["late"]);
    expect(effectsOf(d, id, "cancelTask")).toHaveLength(2);
    d.completeTask(id, "late");
    expect(d.state(id).status).toBe("completed");
    expect(d.subscriptions.size + d.timers.size).toBe(0);
  });

  it("when the scope completes normally, its event subprocess starts are closed", async () => {
    const d = await driverWith([xml]);
    const id = d.start("esp", { id: "x" });
    d.completeTask(id, "inner", { fail: false });
    d.completeTask(id, "work");
    expect(d.state(id).status).toBe("completed");
    expect(d.subscriptions.size + d.timers.size).toBe(0);
  });
});
