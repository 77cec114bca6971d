import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/messages.bpmn?raw";
import { driverWith, effectsOf, tokenElements } from "../../testing/fixtures";

describe("message catch, receive task, message throw and message start", () => {
  it("a receive task and a catch event wait for their message by name and correlation key", async () => {
    const d = await driverWith([xml]);
    const id = d.start("waiter", { docId: "d-1", orderId: "o-1" });
    expect(effectsOf(d, id, "openSubscription")).toMatchObject([{ messageName: "doc", correlationKey: "d-1", elementId: "waitDoc" }]);
    expect(d.publishMessage("paid", "o-1")).toBe(0); // nobody listens for paid yet
    expect(d.publishMessage("doc", "d-1", { pages: 3 })).toBe(1);
    expect(tokenElements(d, id)).toEqual(["paid:waiting"]);
    expect(effectsOf(d, id, "closeSubscription")).toMatchObject([{ messageName: "doc", elementId: "waitDoc" }]);
    // the message throw of another process publishes "paid" with its input-mapped payload
    const sender = d.start("sender", { orderId: "o-1", amount: 42 });
    expect(effectsOf(d, sender, "publishMessage")).toMatchObject([{ name: "paid", correlationKey: "o-1", elementId: "announce" }]);
    const s = d.state(id);
    expect(s.status).toBe("completed");
    expect(s.scopes[s.rootScopeId]!.vars).toMatchObject({ docId: "d-1", orderId: "o-1", pages: 3 });
  });

  it("correlates by subscription id as well", async () => {
    const d = await driverWith([xml]);
    const id = d.start("waiter", { docId: "d-1", orderId: "o-1" });
    const [sub] = effectsOf(d, id, "openSubscription") as Array<{ subscriptionId: string }>;
    d.send(id, { type: "messageCorrelated", subscriptionId: sub!.subscriptionId });
    expect(tokenElements(d, id)).toEqual(["paid:waiting"]);
  });

  it("a message start event starts an instance with the message variables", async () => {
    const d = await driverWith([xml]);
    expect(d.publishMessage("signup", null, { email: "a@b.c" })).toBe(1);
    const inst = [...d.instances.values()].find((i) => i.state.processId === "onboarding")!;
    expect(inst.state.scopes[inst.state.rootScopeId]!.vars).toEqual({ email: "a@b.c" });
    expect(d.openTasks(inst.id).map((t) => t.elementId)).toEqual(["welcome"]);
  });
});
