import { describe, expect, it } from "vitest";
import cycleXml from "./__fixtures__/cycle-reminder.bpmn?raw";
import { driverWith, effectsOf, transitions } from "../../testing/fixtures";

const MIN = 60_000;

describe("boundary timer", () => {
  it("non-interrupting cycle R3/PT10M fires three times while the task stays open", async () => {
    const d = await driverWith([cycleXml]);
    const id = d.start("reminder");
    const scheduled = effectsOf(d, id, "scheduleTimer") as Array<{ dueAt: number }>;
    expect(scheduled.map((t) => t.dueAt - d.now)).toEqual([10 * MIN]);
    d.advanceTime(10 * MIN);
    d.advanceTime(10 * MIN);
    d.advanceTime(10 * MIN);
    d.advanceTime(60 * MIN);
    expect(transitions(d, id, "activated").filter((e) => e === "remind")).toHaveLength(3);
    const s = d.state(id);
    expect(s.scopes[s.rootScopeId]!.vars.reminders).toBe(3);
    expect(d.openTasks(id).map((t) => t.elementId)).toEqual(["work"]);
    expect(d.timers.size).toBe(0);
    d.completeTask(id, "work");
    expect(d.state(id).status).toBe("completed");
  });

  it("completing the host before the cycle ends cancels the pending timer", async () => {
    const d = await driverWith([cycleXml]);
    const id = d.start("reminder");
    d.advanceTime(10 * MIN);
    d.completeTask(id, "work");
    expect(d.state(id).status).toBe("completed");
    expect(effectsOf(d, id, "cancelTimer")).toHaveLength(1);
    expect(d.timers.size).toBe(0);
  });
});
