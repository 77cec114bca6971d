import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/timers.bpmn?raw";
import { driverWith, effectsOf, tokenElements } from "../../testing/fixtures";

describe("intermediate timer catch and timer start", () => {
  it("waits a FEEL duration, then until an ISO date", async () => {
    const d = await driverWith([xml], { startTime: Date.UTC(2025, 0, 1, 0, 0, 0) });
    const id = d.start("timers", { delay: "PT30M" });
    expect(effectsOf(d, id, "scheduleTimer")).toMatchObject([{ elementId: "wait1", dueAt: Date.UTC(2025, 0, 1, 0, 30) }]);
    d.advanceTime(29 * 60_000);
    expect(tokenElements(d, id)).toEqual(["wait1:waiting"]);
    d.advanceTime(60_000);
    expect(tokenElements(d, id)).toEqual(["wait2:waiting"]);
    expect(effectsOf(d, id, "scheduleTimer")).toMatchObject([{}, { elementId: "wait2", dueAt: Date.UTC(2025, 0, 2) }]);
    d.advanceTime(24 * 3_600_000);
    expect(d.state(id).status).toBe("completed");
  });

  it("a FEEL duration value (not only text) works too", async () => {
    const d = await driverWith([xml]);
    const id = d.start("timers", { delay: null });
    // delay is null: the timer expression gives no duration -> incident naming the expression
    expect(Object.values(d.state(id).incidents)).toMatchObject([{ elementId: "wait1", expression: "delay", phase: "enter" }]);
    d.setVariables(id, { delay: "PT1M" });
    d.retryIncident(id, Object.keys(d.state(id).incidents)[0]!);
    expect(tokenElements(d, id)).toEqual(["wait1:waiting"]);
  });

  it("a timer start event R2/PT1H starts two instances, an hour apart", async () => {
    const d = await driverWith([xml]);
    const count = () => [...d.instances.values()].filter((i) => i.state.processId === "hourly").length;
    d.advanceTime(59 * 60_000);
    expect(count()).toBe(0);
    d.advanceTime(60_000);
    expect(count()).toBe(1);
    d.advanceTime(5 * 3_600_000);
    expect(count()).toBe(2);
    expect([...d.timers.values()].filter((t) => t.start)).toHaveLength(0);
  });
});
