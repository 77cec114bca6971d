import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { startInstance } from "../../commands/instances/start-instance";
import { createTestRuntime, type TestRuntime } from "../../testing/runtime";
import { formatVariableFilters, instanceVariableTerms, parseVariableFilters, taskVariableTerms } from "./variable-filter";

describe("parseVariableFilters", () => {
  it("reads numbers, text, booleans and every operator; names bad clauses without throwing", () => {
    const { filters, problems } = parseVariableFilters('amount > 5000 and department = "R&D"; urgent = true, title ~ "bread and butter", code <= "B-7"');
    expect(problems).toEqual([]);
    expect(filters).toEqual([
      { name: "amount", op: ">", value: 5000 },
      { name: "department", op: "=", value: "R&D" },
      { name: "urgent", op: "=", value: true },
      { name: "title", op: "contains", value: "bread and butter" },
      { name: "code", op: "<=", value: "B-7" },
    ]);
    expect(formatVariableFilters(filters.slice(0, 2))).toBe('amount > 5000 and department = "R&D"');
    const bad = parseVariableFilters("amount >> 5; = 3; urgent > true; n contains 5; x = 1 and y = 2 and z = 3 and a = 4 and b = 5 and c = 6");
    expect(bad.filters.map((f) => f.name)).toEqual(["x", "y", "z", "a", "b"]);
    expect(bad.problems).toHaveLength(5);
    expect(parseVariableFilters(undefined)).toEqual({ filters: [], problems: [] });
  });
});

describe("filters over the typed variable index", () => {
  let rt: TestRuntime;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    rt = await createTestRuntime("variable-filter");
    await rt.deploy(fs.readFileSync(path.join(import.meta.dirname, "../../runtime/__fixtures__/expense-approval.bpmn"), "utf8"));
    const deps = { db: rt.db, queues: rt.queues };
    for (const [k, v] of Object.entries({ big: { amount: 9000, department: "R&D" }, bigSales: { amount: 7000, department: "Sales" }, small: { amount: 100, department: "R&D" }, none: { note: "no amount" } })) {
      ids[k] = (await startInstance(rt.actors.requester, { key: "expense-approval", variables: v }, deps)).id;
    }
  });
  afterAll(async () => rt?.cleanup());

  const instancesWhere = async (text: string) => {
    const { filters } = parseVariableFilters(text);
    const rows = await rt.db.processInstance.findMany({ where: { AND: [{ organizationId: rt.actors.requester.organizationId }, ...instanceVariableTerms(filters)] }, select: { id: true } });
    return rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id)).sort();
  };

  it("selects instances by typed comparisons", async () => {
    expect(await instancesWhere('amount > 5000 and department = "R&D"')).toEqual(["big"]);
    expect(await instancesWhere("amount >= 100")).toEqual(["big", "bigSales", "small"]);
    expect(await instancesWhere('department != "R&D"')).toEqual(["bigSales", "none"]);
    expect(await instancesWhere("department ~ r&")).toEqual(["big", "small"]);
    expect(await instancesWhere("amount < 5000")).toEqual(["small"]);
  });

  it("selects tasks through their instance", async () => {
    const { filters } = parseVariableFilters("amount > 5000");
    const tasks = await rt.db.task.findMany({ where: { AND: [{ status: "OPEN" }, ...taskVariableTerms(filters)] }, select: { instanceId: true } });
    expect(tasks.map((t) => t.instanceId).sort()).toEqual([ids.big, ids.bigSales].sort());
  });
});
