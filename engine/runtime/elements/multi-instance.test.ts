import { describe, expect, it } from "vitest";
import timerXml from "./__fixtures__/mi-subprocess-timer.bpmn?raw";
import completionXml from "./__fixtures__/mi-completion.bpmn?raw";
import { driverWith, effectsOf, tokenElements, transitions } from "../../testing/fixtures";

describe("multi-instance", () => {
  it("runs a parallel subprocess per item and collects the outputs in order", async () => {
    const d = await driverWith([timerXml]);
    const id = d.start("miTimer", { reviewers: ["ann", "bob", "cy"] });
    const tasks = d.openTasks(id);
    expect(tasks.map((t) => t.task.assignee)).toEqual(["ann", "bob", "cy"]);
    const body = Object.values(d.state(id).scopes).find((s) => s.kind === "multiInstanceBody")!;
    expect(body.vars).toEqual({ nrOfInstances: 3, nrOfActiveInstances: 3, nrOfCompletedInstances: 0 });
    d.completeTask(id, "review", { verdict: "yes" }); // ann
    d.completeTask(id, "review", { verdict: "no" }); // bob
    d.completeTask(id, "review", { verdict: "maybe" }); // cy
    const s = d.state(id);
    expect(s.status).toBe("completed");
    expect(s.scopes[s.rootScopeId]!.vars.verdicts).toEqual(["yes", "no", "maybe"]);
  });

  it("boundary timer on a parallel multi-instance subprocess cancels every inner task", async () => {
    const d = await driverWith([timerXml]);
    const id = d.start("miTimer", { reviewers: ["ann", "bob", "cy"] });
    d.completeTask(id, "review", { verdict: "yes" });
    expect(d.openTasks(id)).toHaveLength(2);
    d.advanceTime(60 * 60 * 1000);
    expect(d.openTasks(id)).toHaveLength(0);
    expect(effectsOf(d, id, "cancelTask")).toHaveLength(2);
    const terminated = transitions(d, id, "terminated");
    // inner tasks, their subprocess instances, then the body
    expect(terminated.filter((e) => e === "review")).toHaveLength(2);
    expect(terminated.filter((e) => e === "reviews")).toHaveLength(3);
    expect(d.state(id).status).toBe("completed");
    expect(transitions(d, id, "activated")).toContain("timedOut");
    expect(Object.keys(d.state(id).scopes)).toEqual([d.state(id).rootScopeId]);
    expect(d.timers.size).toBe(0);
  });

  it("completes when nrOfCompletedInstances >= 2 out of 3, cancelling the third", async () => {
    const d = await driverWith([completionXml]);
    const id = d.start("miCompletion");
    expect(d.openTasks(id)).toHaveLength(3);
    d.completeTask(id, "vote");
    expect(tokenElements(d, id)).toEqual(["vote:waiting", "vote:waiting", "vote:waiting"]);
    d.completeTask(id, "vote");
    expect(d.state(id).status).toBe("completed");
    expect(effectsOf(d, id, "cancelTask")).toHaveLength(1);
    expect(transitions(d, id, "completed").filter((e) => e === "vote")).toHaveLength(3); // 2 inner + body
    expect(transitions(d, id, "terminated")).toEqual(["vote"]);
  });

  it("an input collection that is not a list is an incident naming the expression", async () => {
    const d = await driverWith([timerXml]);
    const id = d.start("miTimer", { reviewers: "ann" });
    const [inc] = Object.values(d.state(id).incidents);
    expect(inc).toMatchObject({ kind: "expression", elementId: "reviews", expression: "reviewers", phase: "enter" });
    expect(d.timers.size).toBe(0); // the boundary timer is not left open by the failed entry
    d.setVariables(id, { reviewers: ["ann"] });
    d.retryIncident(id, inc!.id);
    expect(d.openTasks(id).map((t) => t.task.assignee)).toEqual(["ann"]);
    expect(d.timers.size).toBe(1);
  });
});
