import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/user-task.bpmn?raw";
import { driverWith, effectsOf } from "../../testing/fixtures";
import { excludingRule, isExcludedActor } from "../sod";

describe("user task", () => {
  it("creates tasks with evaluated assignment, dates, priority, form and SLA", async () => {
    const d = await driverWith([xml]);
    const t0 = d.now;
    const id = d.start("purchase", { initiator: "ann", approvers: ["bob", "cy"], amount: 20000 }, { startedBy: "ann" });
    expect(effectsOf(d, id, "createTask")).toMatchObject([{ elementId: "request", assignee: "ann", form: { key: "purchase-request" }, candidateUsers: [], candidateGroups: [] }]);
    d.completeTask(id, "request", { item: "laptop" }, "ann");
    const approve = (effectsOf(d, id, "createTask") as Array<Record<string, unknown>>)[1];
    expect(approve).toEqual({
      type: "createTask", taskId: expect.any(String), elementId: "approve", tokenId: expect.any(String), name: "Approve",
      candidateUsers: ["bob", "cy"], candidateGroups: ["finance-approvers", "cfo"], excludedUsers: ["ann"],
      dueAt: t0 + 3 * 86_400_000, priority: 90, slaDueAt: t0 + 4 * 3_600_000, escalateTo: ["finance-leads"],
    });
  });

  it("records who completed a task; isExcludedActor refuses them on the excluding task", async () => {
    const d = await driverWith([xml]);
    const id = d.start("purchase", { initiator: "ann", approvers: [], amount: 1 });
    d.completeTask(id, "request", {}, "ann");
    const model = d.modelFor("purchase:1");
    expect(d.state(id).participants.request).toMatchObject([{ userId: "ann" }]);
    expect(isExcludedActor(model, d.state(id), "approve", "ann")).toBe(true);
    expect(isExcludedActor(model, d.state(id), "approve", "bob")).toBe(false);
    expect(isExcludedActor(model, d.state(id), "request", "ann")).toBe(false);
  });

  it("excludeInitiator keeps the person who started the instance off the task, with the rule named", async () => {
    const d = await driverWith([xml.replace('baton:excludeParticipantsOf="request"', 'baton:excludeInitiator="true"')]);
    const id = d.start("purchase", { initiator: "ann", approvers: [], amount: 1 }, { startedBy: "zoe" });
    d.completeTask(id, "request", {}, "ann");
    const model = d.modelFor("purchase:1");
    expect(model.processes.purchase!.elements.approve!.userTask?.excludeInitiator).toBe(true);
    const approve = (effectsOf(d, id, "createTask") as Array<{ elementId: string; excludedUsers: string[] }>).find((t) => t.elementId === "approve");
    expect(approve?.excludedUsers).toEqual(["zoe"]);
    expect(excludingRule(model, d.state(id), "approve", "zoe")).toBe("excludeInitiator");
    expect(excludingRule(model, d.state(id), "approve", "ann")).toBeNull(); // ann did the request step, which this variant does not exclude
    expect(excludingRule(d.modelFor("purchase:1"), d.state(id), "request", "zoe")).toBeNull();
  });

  it("reports an SLA breach when the deadline passes and keeps the task open", async () => {
    const d = await driverWith([xml]);
    const id = d.start("purchase", { initiator: "ann", approvers: [], amount: 1 });
    d.completeTask(id, "request", {}, "ann");
    d.advanceTime(4 * 3_600_000);
    expect(effectsOf(d, id, "taskSlaBreached")).toMatchObject([{ elementId: "approve", escalateTo: ["finance-leads"] }]);
    expect(d.openTasks(id).map((t) => t.elementId)).toEqual(["approve"]);
    d.completeTask(id, "approve", { ok: true }, "bob");
    expect(d.state(id).status).toBe("completed");
  });

  it("completing before the SLA cancels its timer", async () => {
    const d = await driverWith([xml]);
    const id = d.start("purchase", { initiator: "ann", approvers: [], amount: 1 });
    d.completeTask(id, "request", {}, "ann");
    d.completeTask(id, "approve", {}, "bob");
    expect(effectsOf(d, id, "cancelTimer")).toHaveLength(1);
    expect(d.timers.size).toBe(0);
  });
});
