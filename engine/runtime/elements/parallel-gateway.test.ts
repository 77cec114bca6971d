import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/parallel-join-3.bpmn?raw";
import { driverWith, tokenElements, transitions } from "../../testing/fixtures";

describe("parallel gateway", () => {
  it("forks into three branches and joins only when all three arrived", async () => {
    const d = await driverWith([xml]);
    const id = d.start("parallel3");
    // the script branch arrives at once; the two user tasks wait
    expect(tokenElements(d, id)).toEqual(["a:waiting", "b:waiting", "join:joining"]);
    expect(d.state(id).scopes[d.state(id).rootScopeId]!.vars).toEqual({ two: 2 });

    d.completeTask(id, "a");
    expect(tokenElements(d, id)).toEqual(["b:waiting", "join:joining", "join:joining"]);
    expect(transitions(d, id, "activated")).not.toContain("join");

    d.completeTask(id, "b");
    expect(d.state(id).status).toBe("completed");
    expect(Object.keys(d.state(id).tokens)).toEqual([]);
    // the join is activated once for three arrivals
    expect(transitions(d, id, "activated").filter((e) => e === "join")).toHaveLength(1);
    expect(transitions(d, id, "taken")).toEqual(["f0", "fa", "fb", "fc", "jc", "ja", "jb", "f9"]);
    expect(transitions(d, id, "completed").at(-1)).toBe("parallel3");
  });
});
