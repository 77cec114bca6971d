// The typed variable index follows the instance's variables through the real write path.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInstance } from "../commands/instances/start-instance";
import { setVariables } from "../commands/instances/set-variables";
import { createTestRuntime, type TestRuntime } from "../testing/runtime";
import { runEvent } from "./run-events";
import { indexedValue, variableIndexChanges } from "./variable-index";

describe("variableIndexChanges", () => {
  it("indexes scalars only and writes only what changed", () => {
    expect(indexedValue("R&D")).toEqual({ type: "string", s: "R&D", n: null, b: null });
    expect(indexedValue(5000.5)).toEqual({ type: "number", s: null, n: 5000.5, b: null });
    expect(indexedValue(false)).toEqual({ type: "boolean", s: null, n: null, b: false });
    for (const v of [null, {}, [1], "x".repeat(257), Number.NaN, Infinity]) expect(indexedValue(v)).toBeNull();
    const c = variableIndexChanges({ a: 1, b: "x", c: true, d: { deep: 1 }, gone: 3 }, { a: 1, b: "y", c: { now: "object" }, d: 4, e: "new" });
    expect(c.upserts.map((u) => u.name).sort()).toEqual(["b", "d", "e"]);
    expect(c.deletes.sort()).toEqual(["c", "gone"]);
    expect(variableIndexChanges(undefined, {})).toEqual({ upserts: [], deletes: [] });
  });
});

describe("the index in the write path", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime("variable-index");
    await rt.deploy(fs.readFileSync(path.join(import.meta.dirname, "__fixtures__", "expense-approval.bpmn"), "utf8"));
  });
  afterAll(async () => rt?.cleanup());
  const deps = () => ({ db: rt.db, queues: rt.queues });
  const rows = async (instanceId: string) =>
    Object.fromEntries((await rt.db.variableIndex.findMany({ where: { instanceId } })).map((r) => [r.name, { type: r.type, s: r.stringValue, n: r.numberValue, b: r.boolValue, org: r.organizationId }]));

  it("a start indexes the scalar variables; a change updates and deletes rows; an ignored event leaves them", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount: 5200, department: "R&D", urgent: true, lines: [{ a: 1 }] } }, deps());
    const org = rt.actors.requester.organizationId;
    expect(await rows(inst.id)).toEqual({
      amount: { type: "number", s: null, n: 5200, b: null, org },
      department: { type: "string", s: "R&D", n: null, b: null, org },
      urgent: { type: "boolean", s: null, n: null, b: true, org },
    });
    await setVariables(rt.actors.operator, { instanceId: inst.id, variables: { amount: 10, department: { nested: true } } }, deps());
    const after = await rows(inst.id);
    expect(after.amount).toMatchObject({ type: "number", n: 10 });
    expect(after.department).toBeUndefined();
    expect(after.urgent).toMatchObject({ b: true });

    // an event the engine ignores (no such timer) must not wipe the variables or the index
    const o = await runEvent({ eventId: `stale-${inst.id}`, instanceId: inst.id, organizationId: org, event: { type: "timerFired", timerId: "no-such-timer" } }, deps());
    expect(o.status).toBe("ignored");
    expect(await rows(inst.id)).toEqual(after);
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
    expect(row.variables).toMatchObject({ amount: 10, urgent: true });
  });
});
