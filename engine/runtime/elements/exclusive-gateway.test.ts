import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/exclusive-incident.bpmn?raw";
import { driverWith, effectsOf, transitions } from "../../testing/fixtures";

describe("exclusive gateway", () => {
  it("takes the first flow whose condition is true", async () => {
    const d = await driverWith([xml]);
    const id = d.start("exclusive", { amount: 500 });
    expect(d.state(id).status).toBe("completed");
    expect(transitions(d, id, "taken")).toEqual(["f0", "big"]);
  });

  it("no true condition and no default: incident, then retry after setVariables", async () => {
    const d = await driverWith([xml]);
    const id = d.start("exclusive", { amount: 50 });
    const s = d.state(id);
    expect(s.status).toBe("active");
    const [incident] = Object.values(s.incidents);
    expect(incident).toMatchObject({ kind: "noOutgoingFlow", elementId: "gw", phase: "leave" });
    expect(Object.values(s.tokens)).toMatchObject([{ elementId: "gw", status: "incident", incidentId: incident!.id }]);
    expect(effectsOf(d, id, "raiseIncident")).toHaveLength(1);

    d.setVariables(id, { amount: 150 });
    d.retryIncident(id, incident!.id);
    expect(d.state(id).status).toBe("completed");
    expect(effectsOf(d, id, "resolveIncident")).toEqual([{ type: "resolveIncident", incidentId: incident!.id, elementId: "gw" }]);
    expect(transitions(d, id, "taken")).toEqual(["f0", "big"]);
    expect(transitions(d, id, "completed").filter((e) => e === "gw")).toHaveLength(1);
  });

  it("a condition that does not evaluate to a boolean names the expression in the incident", async () => {
    const d = await driverWith([xml]);
    const id = d.start("exclusive", {});
    const [incident] = Object.values(d.state(id).incidents);
    expect(incident).toMatchObject({ kind: "expression", elementId: "gw", expression: "amount > 100" });
    expect(incident!.message).toContain("amount > 100");
  });

  it("retrying without fixing the data raises a new incident", async () => {
    const d = await driverWith([xml]);
    const id = d.start("exclusive", { amount: 50 });
    const first = Object.keys(d.state(id).incidents)[0]!;
    d.retryIncident(id, first);
    const ids = Object.keys(d.state(id).incidents);
    expect(ids).toHaveLength(1);
    expect(ids[0]).not.toBe(first);
  });
});
