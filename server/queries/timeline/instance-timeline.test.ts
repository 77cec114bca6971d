// The timeline read model against the real database: raw audit events of a real expense run
// fold into the steps a requester reads, with people and groups by name.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TimelineEntryView } from "../../../components/timeline/timeline";
import { cancelInstance } from "../../commands/instances/cancel-instance";
import { startInstance } from "../../commands/instances/start-instance";
import { claimTask } from "../../commands/tasks/claim-task";
import { completeTask } from "../../commands/tasks/complete-task";
import { unclaimTask } from "../../commands/tasks/unclaim-task";
import { createTestRuntime, type TestRuntime } from "../../testing/runtime";
import { foldTimeline, type RawAuditEvent } from "./fold-timeline";
import { instanceTimeline, type TimelineEntry } from "./instance-timeline";

const expenseXml = fs.readFileSync(path.join(import.meta.dirname, "../../../prisma/seed/expense-approval.bpmn"), "utf8");

// The component repeats the entry's shape (components/ must not import server/): keep them assignable.
const _sameShape: (e: TimelineEntry) => TimelineEntryView = (e) => e;

describe("instanceTimeline", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime("timeline");
    await rt.deploy(expenseXml);
    await rt.db.user.update({ where: { id: "u_requester" }, data: { name: "Rita Requester" } });
    await rt.db.user.update({ where: { id: "u_manager" }, data: { name: "Mia Manager" } });
    await rt.db.group.create({ data: { id: "g_finance", organizationId: rt.org, key: "finance", name: "Finance team" } });
    await rt.db.user.create({ data: { id: "u_fay", organizationId: rt.org, email: "fay@test", name: "Fay Finance", memberships: { create: { organizationId: rt.org, role: "user" } } } });
    await rt.db.groupMember.create({ data: { groupId: "g_finance", userId: "u_fay" } });
  });
  afterAll(async () => {
    await rt?.cleanup();
  });
  const deps = () => ({ db: rt.db, queues: rt.queues });
  const fay = () => ({ ...rt.actors.manager, userId: "u_fay", name: "Fay Finance", groups: ["finance"] });
  const openTask = (instanceId: string) => rt.db.task.findFirstOrThrow({ where: { instanceId, status: "OPEN" } });

  it("folds a full approval into human steps, people and groups by name", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", businessKey: "EXP-7", variables: { amount: 1500 } }, deps());
    const manager = await openTask(inst.id);
    await claimTask(rt.actors.manager, { taskId: manager.id }, { db: rt.db });
    await completeTask(rt.actors.manager, { taskId: manager.id, variables: { managerApproved: true, managerComment: "Fine, within budget" }, outcome: "approved" }, deps());
    const finance = await openTask(inst.id);
    await claimTask(fay(), { taskId: finance.id }, { db: rt.db });
    await unclaimTask(fay(), { taskId: finance.id }, { db: rt.db });
    // No outcome given: the decision is read from the boolean the step wrote.
    await completeTask(fay(), { taskId: finance.id, variables: { financeApproved: true } }, deps());

    const entries = await instanceTimeline(rt.db, rt.org, inst.id);
    expect(entries.map((e) => e.title)).toEqual([
      "Rita Requester started Expense approval",
      "Manager approval offered to Managers",
      "Mia Manager claimed Manager approval",
      "Mia Manager approved Manager approval",
      "Finance approval offered to Finance team",
      "Fay Finance claimed Finance approval",
      "Fay Finance released Finance approval",
      "Fay Finance approved Finance approval",
      "“Notify requester: approved” done",
      "Request completed",
    ]);
    const byKind = (k: string) => entries.filter((e) => e.kind === k);
    expect(byKind("decided")[0]).toMatchObject({ detail: "“Fine, within budget”", actor: { id: "u_manager", name: "Mia Manager" }, taskId: manager.id, elementId: "manager-approval", tone: "success" });
    expect(byKind("offered")[0].due).toBe(manager.dueAt!.toISOString());
    expect(byKind("completed")[0]).toMatchObject({ detail: "Ended at “Expense approved”", elementId: "approved" });
    expect(entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    // Chronological, as the audit chain wrote them.
    expect([...entries].sort((a, b) => a.at.localeCompare(b.at)).map((e) => e.id)).toEqual(entries.map((e) => e.id));
  });

  it("shows a rejection and an overwritten comment only where it was written", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount: 5000 } }, deps());
    const t1 = await openTask(inst.id);
    await completeTask(rt.actors.manager, { taskId: t1.id, variables: { managerApproved: true, comment: "first" } }, deps());
    const t2 = await openTask(inst.id);
    await completeTask(fay(), { taskId: t2.id, variables: { financeApproved: false, comment: "Over the travel limit" }, outcome: "rejected" }, deps());
    const decided = (await instanceTimeline(rt.db, rt.org, inst.id)).filter((e) => e.kind === "decided");
    expect(decided.map((e) => [e.title, e.detail, e.tone])).toEqual([
      // The manager's comment was overwritten by finance: the current value is not theirs to show.
      ["Mia Manager approved Manager approval", null, "success"],
      ["Fay Finance rejected Finance approval", "“Over the travel limit”", "warning"],
    ]);
  });

  it("says who cancelled, and why", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount: 10 } }, deps());
    await cancelInstance(rt.actors.operator, { instanceId: inst.id, reason: "Duplicate of EXP-7" }, deps());
    const entries = await instanceTimeline(rt.db, rt.org, inst.id);
    expect(entries.at(-1)).toMatchObject({ kind: "canceled", title: "u_operator cancelled the request", detail: "Duplicate of EXP-7" });
    expect(entries.filter((e) => e.kind === "terminated")).toEqual([]);
  });

  it("is empty for another organization's instance and for an unknown id", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount: 10 } }, deps());
    expect(await instanceTimeline(rt.db, "org_other", inst.id)).toEqual([]);
    expect(await instanceTimeline(rt.db, rt.org, "no-such-instance")).toEqual([]);
  });
});

describe("foldTimeline (events the expense run does not produce)", () => {
  const at = new Date("2026-12-01T10:00:00Z");
  const ev = (seq: number, type: string, payload: Record<string, unknown>, extra: Partial<RawAuditEvent> = {}): RawAuditEvent => ({ id: `e${seq}`, seq, type, actorId: null, elementId: null, payload, createdAt: at, ...extra });
  const ctx = {
    processName: "Order", elements: { wait: { name: "Wait a day", type: "intermediateCatchEvent" }, charge: { name: "Charge card", type: "serviceTask" } },
    tasks: {}, timers: { tm1: { elementId: "wait" } }, users: { u1: "Otto Operator" }, groups: {}, variables: {},
  };
  it("names timers, incidents, retries and delegations", () => {
    const out = foldTimeline([
      ev(1, "timer.fired", { timerId: "tm1", eventId: "x1" }),
      ev(2, "incident.raised", { message: "HTTP 503 from payments" }, { elementId: "charge" }),
      ev(3, "incident.resolved", { retried: true }, { elementId: "charge", actorId: "u1" }),
      ev(4, "element.transition", { transition: "completed", elementType: "serviceTask", eventId: "x2" }, { elementId: "charge" }),
      ev(5, "task.delegated", { taskId: "gone", to: "u1" }, { elementId: "charge", actorId: "u1" }),
      ev(6, "instance.variables_set", { variableNames: ["a", "b"] }, { actorId: "u1" }),
      ev(7, "element.transition", { transition: "terminated", elementType: "process" }, { elementId: "order" }),
    ], ctx);
    expect(out.map((e) => [e.kind, e.title, e.detail])).toEqual([
      ["timer", "Timer “Wait a day” fired", null],
      ["incident", "Incident at “Charge card”", "HTTP 503 from payments"],
      ["resolved", "Otto Operator retried “Charge card”", null],
      ["step", "“Charge card” done", null],
      ["delegated", "Otto Operator delegated Charge card to Otto Operator", null],
      ["variables", "Otto Operator changed variables a and b", null],
      ["terminated", "Request ended early", null],
    ]);
  });
  it("survives malformed payloads without throwing", () => {
    expect(() => foldTimeline([ev(1, "task.completed", null as never), ev(2, "task.created", { candidateGroups: "x" }), ev(3, "who.knows", {})], ctx)).not.toThrow();
  });
});
