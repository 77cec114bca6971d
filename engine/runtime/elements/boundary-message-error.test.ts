import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/boundaries.bpmn?raw";
import { driverWith, effectsOf, tokenElements, transitions } from "../../testing/fixtures";

describe("message, error and escalation boundary events", () => {
  it("a non-interrupting message boundary fires per message and keeps listening", async () => {
    const d = await driverWith([xml]);
    const id = d.start("bounds", { key: "k" });
    expect(d.publishMessage("note", "k")).toBe(1);
    expect(d.publishMessage("note", "k")).toBe(1);
    expect(transitions(d, id, "completed").filter((e) => e === "endNoted")).toHaveLength(2);
    expect(tokenElements(d, id)).toEqual(["work:waiting"]);
    expect(d.subscriptions.size).toBe(2);
  });

  it("an interrupting message boundary cancels the task and closes the other subscription", async () => {
    const d = await driverWith([xml]);
    const id = d.start("bounds", { key: "k" });
    d.publishMessage("cancel", "k", { why: "customer" });
    const s = d.state(id);
    expect(s.status).toBe("completed");
    expect(s.scopes[s.rootScopeId]!.vars.why).toBe("customer");
    expect(effectsOf(d, id, "cancelTask")).toHaveLength(1);
    expect(d.subscriptions.size).toBe(0);
  });

  it("a catch-all error boundary on a subprocess catches its error end; an escalation from a called instance reaches the call activity", async () => {
    const d = await driverWith([xml]);
    const id = d.start("bounds", { key: "k" });
    d.completeTask(id, "work");
    expect(transitions(d, id, "terminated")).toEqual(["boom", "sp"]);
    expect(transitions(d, id, "activated")).toContain("anyError");
    // the child threw UP and went on; the non-interrupting boundary on callIt heard it
    const [call] = effectsOf(d, id, "startCallActivity") as Array<{ callId: string }>;
    const child = d.childOf(call!.callId)!;
    expect(effectsOf(d, child, "throwEscalationToCaller")).toMatchObject([{ escalationCode: "UP" }]);
    expect(tokenElements(d, id)).toEqual(["ack:waiting", "callIt:waiting"]);
    d.completeTask(child, "c_task");
    d.completeTask(id, "ack");
    expect(d.state(id).status).toBe("completed");
  });
});
