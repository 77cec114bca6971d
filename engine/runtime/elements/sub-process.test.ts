import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/subprocess-vars.bpmn?raw";
import { driverWith } from "../../testing/fixtures";

describe("embedded subprocess", () => {
  it("input mappings make local variables that shadow outer ones; outputs copy them out", async () => {
    const d = await driverWith([xml]);
    const id = d.start("scopes", { x: 1 });
    const s = d.state(id);
    const sub = Object.values(s.scopes).find((sc) => sc.kind === "subProcess")!;
    // the script wrote x where it was defined: the subprocess scope
    expect(sub.vars).toEqual({ x: 11 });
    expect(s.scopes[s.rootScopeId]!.vars).toEqual({ x: 1 });
    d.setVariables(id, { x: 20 }, sub.id);
    d.completeTask(id, "look");
    const done = d.state(id);
    expect(done.status).toBe("completed");
    expect(done.scopes[done.rootScopeId]!.vars).toEqual({ x: 1, y: 20 });
    expect(Object.keys(done.scopes)).toEqual([done.rootScopeId]);
  });
});
