import { describe, expect, it } from "vitest";
import fork from "./__fixtures__/inclusive-fork.bpmn?raw";
import loop from "./__fixtures__/inclusive-loop.bpmn?raw";
import { driverWith, tokenElements, transitions } from "../../testing/fixtures";
import { upstreamOf } from "../process-index";

describe("inclusive gateway", () => {
  it("forks only on true conditions and the join does not wait for the branch not taken", async () => {
    const d = await driverWith([fork]);
    const id = d.start("inclusive", { x: 5 });
    expect(d.openTasks(id).map((t) => t.elementId)).toEqual(["a"]);
    expect(transitions(d, id, "taken")).toEqual(["f0", "fa"]);
    d.completeTask(id, "a");
    expect(d.state(id).status).toBe("completed");
    expect(transitions(d, id, "activated")).not.toContain("b");
  });

  it("waits for every branch that was taken", async () => {
    const d = await driverWith([fork]);
    const id = d.start("inclusive", { x: 500 });
    expect(d.openTasks(id).map((t) => t.elementId)).toEqual(["a", "b"]);
    d.completeTask(id, "b");
    // a can still reach the join: it must wait
    expect(tokenElements(d, id)).toEqual(["a:waiting", "join:joining"]);
    d.completeTask(id, "a");
    expect(d.state(id).status).toBe("completed");
  });

  it("takes the default flow of no condition… or raises an incident without one", async () => {
    const d = await driverWith([fork]);
    const id = d.start("inclusive", { x: -1 });
    const incidents = Object.values(d.state(id).incidents);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ kind: "noOutgoingFlow", elementId: "fork", phase: "leave" });
  });

  it("joins after a loop on one branch: waits while the loop can still reach the join", async () => {
    const d = await driverWith([loop]);
    const id = d.start("inclusiveLoop", { round: 0, needB: true, retry: true });
    d.completeTask(id, "a");
    expect(tokenElements(d, id)).toEqual(["b:waiting", "join:joining"]);
    // b loops back to itself: still upstream of the join
    d.completeTask(id, "b");
    expect(tokenElements(d, id)).toEqual(["b:waiting", "join:joining"]);
    d.completeTask(id, "b", { retry: false });
    // round 1 done; the outer loop goes back through the fork: a and b again
    expect(d.state(id).scopes[d.state(id).rootScopeId]!.vars.round).toBe(1);
    expect(tokenElements(d, id)).toEqual(["a:waiting", "b:waiting"]);
    d.completeTask(id, "b");
    expect(tokenElements(d, id)).toEqual(["a:waiting", "join:joining"]);
    d.completeTask(id, "a");
    expect(d.state(id).status).toBe("completed");
    expect(transitions(d, id, "activated").filter((e) => e === "join")).toHaveLength(2);
  });

  it("in a later round with one branch not taken, fires on the other alone", async () => {
    const d = await driverWith([loop]);
    const id = d.start("inclusiveLoop", { round: 0, needB: true, retry: false });
    d.completeTask(id, "b", { needB: false });
    d.completeTask(id, "a");
    expect(tokenElements(d, id)).toEqual(["a:waiting"]);
    d.completeTask(id, "a");
    expect(d.state(id).status).toBe("completed");
  });

  it("computes upstream sets over the flow graph without passing the join", async () => {
    const d = await driverWith([loop]);
    const proc = d.modelFor("inclusiveLoop:1").processes.inclusiveLoop!;
    expect([...upstreamOf(proc, "join", "ok")].sort()).toEqual(["again", "b", "check", "count", "fork", "merge", "start"]);
    expect([...upstreamOf(proc, "join", "ja")].sort()).toEqual(["a", "again", "count", "fork", "merge", "start"]);
  });
});
