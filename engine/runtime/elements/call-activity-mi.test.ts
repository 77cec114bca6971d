import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/mi-call.bpmn?raw";
import { driverWith, effectsOf } from "../../testing/fixtures";

describe("sequential multi-instance call activity", () => {
  it("starts one child at a time with its item and collects the outputs", async () => {
    const d = await driverWith([xml]);
    const id = d.start("batch", { items: ["a", "b", "c"] });
    for (const [i, item] of ["a", "b", "c"].entries()) {
      const starts = effectsOf(d, id, "startCallActivity") as Array<{ callId: string; variables: Record<string, unknown> }>;
      expect(starts).toHaveLength(i + 1);
      expect(starts[i]!.variables).toMatchObject({ it: item, loopCounter: i + 1, items: ["a", "b", "c"] });
      const child = d.childOf(starts[i]!.callId)!;
      d.completeTask(child, "work", { res: item.toUpperCase(), noise: 1 });
    }
    const s = d.state(id);
    expect(s.status).toBe("completed");
    // propagateAllChildVariables=false: only the output collection comes back
    expect(s.scopes[s.rootScopeId]!.vars).toEqual({ items: ["a", "b", "c"], results: ["A", "B", "C"] });
  });

  it("an empty collection completes the activity at once", async () => {
    const d = await driverWith([xml]);
    const id = d.start("batch", { items: [] });
    expect(d.state(id).status).toBe("completed");
    expect(d.state(id).scopes[d.state(id).rootScopeId]!.vars.results).toEqual([]);
  });
});
