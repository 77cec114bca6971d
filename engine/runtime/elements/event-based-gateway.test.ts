import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/event-gateway.bpmn?raw";
import { driverWith, effectsOf, transitions } from "../../testing/fixtures";

describe("event-based gateway", () => {
  it("a message arriving while the token waits at the gateway wins; the timer is cancelled", async () => {
    const d = await driverWith([xml]);
    const id = d.start("eventGateway", { orderId: "o-1" });
    expect(effectsOf(d, id, "openSubscription")).toMatchObject([{ messageName: "approved", correlationKey: "o-1", elementId: "approved" }]);
    expect(effectsOf(d, id, "scheduleTimer")).toMatchObject([{ elementId: "timeout", dueAt: d.now + 3_600_000 }]);
    expect(d.publishMessage("approved", "o-2")).toBe(0); // wrong key: no match
    expect(d.publishMessage("approved", "o-1", { by: "ann" })).toBe(1);
    const s = d.state(id);
    expect(s.status).toBe("completed");
    expect(s.scopes[s.rootScopeId]!.vars).toEqual({ orderId: "o-1", by: "ann" });
    expect(transitions(d, id, "activated")).toEqual(["eventGateway", "start", "gw", "approved", "endApproved"]);
    expect(effectsOf(d, id, "cancelTimer")).toMatchObject([{ elementId: "timeout" }]);
    expect(d.timers.size).toBe(0);
    d.advanceTime(2 * 3_600_000);
    expect(transitions(d, id, "activated")).not.toContain("timeout");
  });

  it("the timer wins when no message comes; the subscription is closed", async () => {
    const d = await driverWith([xml]);
    const id = d.start("eventGateway", { orderId: "o-1" });
    d.advanceTime(3_600_000);
    expect(d.state(id).status).toBe("completed");
    expect(transitions(d, id, "activated")).toContain("endTimeout");
    expect(effectsOf(d, id, "closeSubscription")).toMatchObject([{ messageName: "approved", correlationKey: "o-1" }]);
    expect(d.subscriptions.size).toBe(0);
  });
});
