// The inbox views on the real PostgreSQL: who sees which task in which view, keyset paging in
// every sort order (no row twice, none lost, same order as a full sort), filters and counts.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../authz/actor";
import { createTestRuntime, type TestRuntime } from "../../testing/runtime";
import { countInboxViews } from "./count-inbox-views";
import { parseInboxParams, type InboxSort, type TaskView, type TInboxFilters } from "./inbox-query";
import { inboxProcesses, listInboxPage } from "./list-inbox-page";

let rt: TestRuntime;
const NOW = new Date("2026-06-01T12:00:00Z");
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);
interface Seeded { id: string; name: string; dueAt: Date | null; priority: number; createdAt: Date; businessKey: string; key: string; assigneeId: string | null; groups: string[]; status: "OPEN" | "COMPLETED"; completedById: string | null; completedAt: Date | null }
const seeded: Seeded[] = [];
let finUser: Actor;

beforeAll(async () => {
  rt = await createTestRuntime("inbox");
  const defs: Record<string, string> = {};
  for (const [key, name, org] of [["exp", "Expense", rt.org], ["leave", "Leave request", rt.org], ["exp", "Foreign expense", "org_other"]] as const) {
    const d = await rt.db.processDefinition.create({ data: { id: `def_${key}_${org}`, organizationId: org, key, version: 1, name, bpmnXml: "<x/>", checksum: `c_${key}_${org}`, model: {} } });
    defs[`${key}:${org}`] = d.id;
  }
  const rnd = (n: number) => crypto.randomInt(n);
  for (let i = 0; i < 40; i++) {
    const key = i % 3 === 0 ? "leave" : "exp";
    const businessKey = `${key.toUpperCase()}-${100 + i}`;
    const inst = await rt.db.processInstance.create({ data: { id: `inst_${i}`, organizationId: rt.org, definitionId: defs[`${key}:${rt.org}`], businessKey, state: {}, variables: {}, startedById: i % 5 === 0 ? "u_requester" : "u_manager2" } });
    const done = i % 10 === 9;
    const row: Seeded = {
      id: `task_${String(rnd(1e6)).padStart(6, "0")}_${i}`,
      name: i % 4 === 0 ? "Review receipt" : "Approve",
      // Some without due date, several sharing one (ties broken by id), some overdue.
      dueAt: i % 6 === 0 ? null : i % 7 === 0 ? hours(5) : hours(rnd(200) - 50),
      priority: [10, 50, 50, 80, 100][i % 5],
      createdAt: i % 8 === 0 ? hours(-300) : hours(-rnd(300)),
      businessKey, key,
      assigneeId: done ? "u_manager" : i % 4 === 1 ? "u_manager" : i % 4 === 2 ? "u_manager2" : null,
      groups: i === 3 ? ["finance"] : ["managers"],
      status: done ? "COMPLETED" : "OPEN",
      completedById: done ? "u_manager" : null,
      completedAt: done ? hours(-i) : null,
    };
    seeded.push(row);
    await rt.db.task.create({
      data: {
        id: row.id, organizationId: rt.org, instanceId: inst.id, elementId: "t", tokenId: `tok_${i}`, name: row.name, status: row.status,
        assigneeId: row.assigneeId, candidateGroups: row.groups, priority: row.priority, dueAt: row.dueAt, createdAt: row.createdAt,
        completedById: row.completedById, completedAt: row.completedAt, candidateUsers: i === 3 ? ["u_fin"] : [],
      },
    });
  }
  // Another organization's open task with the same group name and business key.
  const foreign = await rt.db.processInstance.create({ data: { id: "inst_foreign", organizationId: "org_other", definitionId: defs["exp:org_other"], businessKey: "EXP-101", state: {}, variables: {} } });
  await rt.db.task.create({ data: { id: "task_foreign", organizationId: "org_other", instanceId: foreign.id, elementId: "t", tokenId: "tok_f", name: "Approve", candidateGroups: ["managers"] } });
  finUser = { ...rt.actors.requester, userId: "u_fin", groups: ["finance"] };
});
afterAll(async () => rt?.cleanup());

async function all(actor: Actor, view: TaskView, sort: InboxSort, filters: TInboxFilters = {}, limit = 7) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await listInboxPage(actor, { view, sort: sort as never, filters, cursor, limit, now: NOW }, { db: rt.db });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((r) => r.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("paging did not end");
}

const byDue = (a: Seeded, b: Seeded) => (a.dueAt && b.dueAt ? a.dueAt.getTime() - b.dueAt.getTime() : a.dueAt ? -1 : b.dueAt ? 1 : 0) || (a.id < b.id ? -1 : 1);
const byPriority = (a: Seeded, b: Seeded) => b.priority - a.priority || (a.id < b.id ? -1 : 1);
const byCreated = (a: Seeded, b: Seeded) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1);
const offeredToManagers = () => seeded.filter((s) => s.status === "OPEN" && !s.assigneeId && s.groups.includes("managers"));

describe("inbox views", () => {
  it("offers unclaimed group tasks in due, priority and created order, page by page", async () => {
    const expected = offeredToManagers();
    expect(expected.length).toBeGreaterThan(8);
    expect(await all(rt.actors.manager, "offered", "due")).toEqual([...expected].sort(byDue).map((s) => s.id));
    expect(await all(rt.actors.manager, "offered", "priority")).toEqual([...expected].sort(byPriority).map((s) => s.id));
    expect(await all(rt.actors.manager, "offered", "created", {}, 3)).toEqual([...expected].sort(byCreated).map((s) => s.id));
    const first = await listInboxPage(rt.actors.manager, { view: "offered", limit: 1, now: NOW }, { db: rt.db });
    expect(first.items[0]).toMatchObject({ claimable: true, assignee: null, process: { key: expect.any(String) }, instance: { businessKey: expect.stringMatching(/-1\d\d$/) } });
  });

  it("keeps views apart: assigned to me, done by me, all open for operators only", async () => {
    const mine = seeded.filter((s) => s.status === "OPEN" && s.assigneeId === "u_manager");
    expect(await all(rt.actors.manager, "assigned", "due")).toEqual([...mine].sort(byDue).map((s) => s.id));
    const done = seeded.filter((s) => s.completedById === "u_manager").sort((a, b) => b.completedAt!.getTime() - a.completedAt!.getTime());
    expect(await all(rt.actors.manager, "done", "created", {}, 2)).toEqual(done.map((s) => s.id));
    const open = seeded.filter((s) => s.status === "OPEN");
    expect(await all(rt.actors.operator, "all", "priority", {}, 9)).toEqual([...open].sort(byPriority).map((s) => s.id));
    await expect(listInboxPage(rt.actors.manager, { view: "all" }, { db: rt.db })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("never shows a task to someone it is not offered to, nor to another organization", async () => {
    expect(await all(rt.actors.requester, "offered", "due")).toEqual([]);
    expect(await all(rt.actors.requester, "assigned", "due")).toEqual([]);
    // A candidate user (not a group member) is offered the task named for them.
    expect(await all(finUser, "offered", "due")).toEqual([seeded[3].id]);
    expect(await all(rt.actors.manager, "offered", "due")).not.toContain(seeded[3].id);
    const foreignAll = await all(rt.actors.other, "all", "due");
    expect(foreignAll).toEqual(["task_foreign"]);
    const foreignSearch = await all({ ...rt.actors.other, groups: ["managers"] }, "offered", "due", { q: "EXP-1" });
    expect(foreignSearch).toEqual(["task_foreign"]);
    expect(await all(rt.actors.manager, "offered", "due", { q: "EXP-101" })).not.toContain("task_foreign");
    const counts = await countInboxViews(rt.actors.other, {}, { db: rt.db, now: NOW });
    expect(counts).toMatchObject({ all: 1, assigned: 0, done: 0, requests: 0 });
    expect((await inboxProcesses(rt.actors.manager, { db: rt.db })).map((p) => p.name)).toEqual(["Expense", "Leave request"]);
  });

  it("filters by search, process, priority range and overdue; counts agree with the lists", async () => {
    const base = offeredToManagers();
    const check = async (filters: TInboxFilters, keep: (s: Seeded) => boolean) => {
      const want = base.filter(keep).sort(byDue).map((s) => s.id);
      expect(await all(rt.actors.manager, "offered", "due", filters, 4)).toEqual(want);
      expect((await countInboxViews(rt.actors.manager, filters, { db: rt.db, now: NOW })).offered).toBe(want.length);
      return want;
    };
    expect((await check({ q: "exp-1" }, (s) => s.businessKey.startsWith("EXP-1"))).length).toBeGreaterThan(0);
    expect((await check({ q: "receipt" }, (s) => s.name === "Review receipt")).length).toBeGreaterThan(0);
    await check({ process: "leave" }, (s) => s.key === "leave");
    await check({ pmin: 50, pmax: 80 }, (s) => s.priority >= 50 && s.priority <= 80);
    expect((await check({ overdue: true }, (s) => !!s.dueAt && s.dueAt < NOW)).length).toBeGreaterThan(0);
    await check({ q: "nothing-like-this" }, () => false);
    const counts = await countInboxViews(rt.actors.manager, {}, { db: rt.db, now: NOW });
    expect(counts).toMatchObject({ offered: base.length, done: seeded.filter((s) => s.completedById === "u_manager").length, requests: 0 });
    expect(counts.all).toBeUndefined();
    expect((await countInboxViews(rt.actors.requester, {}, { db: rt.db, now: NOW })).requests).toBe(seeded.filter((_, i) => i % 5 === 0).length);
  });

  it("refuses a forged cursor or one of another order with a message, and drops bad URL params", async () => {
    const page = await listInboxPage(rt.actors.manager, { view: "offered", sort: "due", limit: 2 }, { db: rt.db });
    await expect(listInboxPage(rt.actors.manager, { view: "offered", sort: "priority", cursor: page.nextCursor! }, { db: rt.db })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listInboxPage(rt.actors.manager, { view: "offered", cursor: "garbage" }, { db: rt.db })).rejects.toMatchObject({ code: "VALIDATION" });
    const parsed = parseInboxParams({ view: "nope", sort: "priority", pmin: "abc", pmax: "80", overdue: "1", q: "  EXP  " });
    expect(parsed.params).toEqual({ sort: "priority", pmax: 80, overdue: true, q: "EXP" });
    expect(parsed.problems.map((p) => p.split(":")[0])).toEqual(["view", "pmin"]);
  });
});
