import { describe, expect, it } from "vitest";
import parent from "./__fixtures__/call-error-parent.bpmn?raw";
import child from "./__fixtures__/call-error-child.bpmn?raw";
import { driverWith, effectsOf, transitions } from "../../testing/fixtures";

describe("call activity", () => {
  it("starts the called process with the input mappings and visible variables", async () => {
    const d = await driverWith([parent, child]);
    const id = d.start("caller", { order: "o-7" });
    const [start] = effectsOf(d, id, "startCallActivity") as Array<{ callId: string; processId: string; variables: Record<string, unknown> }>;
    expect(start).toMatchObject({ processId: "callee", binding: "latest", variables: { order: "o-7", orderId: "o-7" } });
    const childId = d.childOf(start!.callId)!;
    expect(d.state(childId).caller).toEqual({ callId: start!.callId, instanceId: id });
    d.completeTask(childId, "check", { valid: true, checked: 1 });
    expect(d.state(childId).status).toBe("completed");
    const s = d.state(id);
    expect(s.status).toBe("completed");
    expect(s.scopes[s.rootScopeId]!.vars).toMatchObject({ order: "o-7", checked: 1, valid: true });
  });

  it("an error thrown in the called process is caught by the boundary on the call activity", async () => {
    const d = await driverWith([parent, child]);
    const id = d.start("caller", { order: "o-8" });
    const [start] = effectsOf(d, id, "startCallActivity") as Array<{ callId: string }>;
    const childId = d.childOf(start!.callId)!;
    d.completeTask(childId, "check", { valid: false });
    expect(d.state(childId).status).toBe("terminated");
    expect(effectsOf(d, childId, "throwErrorToCaller")).toEqual([
      { type: "throwErrorToCaller", callId: start!.callId, errorCode: "E_FAIL", variables: {} },
    ]);
    expect(transitions(d, id, "terminated")).toEqual(["call"]);
    // the child already ended: nothing to cancel
    expect(effectsOf(d, id, "cancelCallActivity")).toEqual([]);
    expect(d.openTasks(id).map((t) => t.elementId)).toEqual(["handle"]);
    d.completeTask(id, "handle");
    expect(d.state(id).status).toBe("completed");
    expect(transitions(d, id, "activated")).toContain("handled");
  });

  it("an uncaught error without a caller becomes an incident on the thrower", async () => {
    const d = await driverWith([child]);
    const id = d.start("callee");
    d.completeTask(id, "check", { valid: false });
    expect(Object.values(d.state(id).incidents)).toMatchObject([{ kind: "unhandledError", elementId: "fail", errorCode: "E_FAIL" }]);
    expect(d.state(id).status).toBe("active");
  });

  it("raises an incident when the called process is not deployed", async () => {
    const d = await driverWith([parent]);
    const id = d.start("caller", { order: "o-9" });
    expect(Object.values(d.state(id).incidents)).toMatchObject([{ kind: "calledProcessNotFound", elementId: "call" }]);
    await d.deploy(child);
    d.retryIncident(id, Object.keys(d.state(id).incidents)[0]!);
    expect(effectsOf(d, id, "startCallActivity")).toHaveLength(1);
  });
});
