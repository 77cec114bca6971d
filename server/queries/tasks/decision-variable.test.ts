// The Approve / Reject variable is read from the gateway after the task — or not offered.
import { describe, expect, it } from "vitest";
import type { CompiledModel } from "../../../engine";
import { decisionVariable } from "./decision-variable";

function model(conditions: (string | undefined)[], gatewayType = "exclusiveGateway"): CompiledModel {
  const flows: CompiledModel["processes"][string]["flows"] = { f0: { id: "f0", source: "t", target: "gw", isDefault: false } };
  conditions.forEach((c, i) => (flows[`f${i + 1}`] = { id: `f${i + 1}`, source: "gw", target: "end", condition: c, isDefault: !c }));
  return {
    schemaVersion: 1,
    processes: {
      p: {
        id: "p", isExecutable: true, flows,
        elements: {
          t: { id: "t", type: "userTask", parent: null, incoming: [], outgoing: ["f0"] },
          gw: { id: "gw", type: gatewayType as "exclusiveGateway", parent: null, incoming: ["f0"], outgoing: conditions.map((_, i) => `f${i + 1}`) },
          end: { id: "end", type: "endEvent", parent: null, incoming: [], outgoing: [] },
        },
      },
    },
  };
}

describe("decisionVariable", () => {
  it("finds the boolean the gateway tests and names its comment", () => {
    expect(decisionVariable(model(["managerApproved = true", undefined]), "t")).toEqual({ name: "managerApproved", commentName: "managerComment" });
    expect(decisionVariable(model(["approved", "not(approved)"]), "t")).toEqual({ name: "approved", commentName: "approvedComment" });
    expect(decisionVariable(model(["ok == false", "ok = true"]), "t")?.name).toBe("ok");
  });

  it("offers no yes/no decision for other conditions, several variables, or no gateway", () => {
    expect(decisionVariable(model(["amount > 1000", undefined]), "t")).toBeNull();
    expect(decisionVariable(model(["a = true", "b = true"]), "t")).toBeNull();
    expect(decisionVariable(model(["a = true", "amount > 5"]), "t")).toBeNull();
    expect(decisionVariable(model(["a = true"], "parallelGateway"), "t")).toBeNull();
    expect(decisionVariable(model(["a = true"]), "missing")).toBeNull();
    expect(decisionVariable(null, "t")).toBeNull();
  });
});
