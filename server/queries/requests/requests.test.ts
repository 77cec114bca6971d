// Who may follow a request, on the real database: the starter, task participants and instance
// readers; nobody else, and never across organizations (null -> the page's 404).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../authz/actor";
import { startInstance } from "../../commands/instances/start-instance";
import { claimTask } from "../../commands/tasks/claim-task";
import { completeTask } from "../../commands/tasks/complete-task";
import { createTestRuntime, type TestRuntime } from "../../testing/runtime";
import { getRequest } from "./get-request";
import { listMyRequests } from "./list-my-requests";

const expenseXml = fs.readFileSync(path.join(import.meta.dirname, "../../../prisma/seed/expense-approval.bpmn"), "utf8");

describe("requests", () => {
  let rt: TestRuntime;
  let stranger: Actor;
  let auditor: Actor;
  let finance: Actor;
  beforeAll(async () => {
    rt = await createTestRuntime("requests");
    await rt.deploy(expenseXml);
    for (const [id, role] of [["u_stranger", "user"], ["u_auditor", "auditor"], ["u_fin", "user"]] as const) {
      await rt.db.user.create({ data: { id, organizationId: rt.org, email: `${id}@test`, name: id, memberships: { create: { organizationId: rt.org, role } } } });
    }
    await rt.db.user.update({ where: { id: "u_manager" }, data: { name: "Mia Manager" } });
    stranger = { ...rt.actors.requester, userId: "u_stranger" };
    auditor = { ...rt.actors.requester, userId: "u_auditor", roles: ["auditor"] };
    finance = { ...rt.actors.requester, userId: "u_fin", groups: ["finance"] };
  });
  afterAll(async () => {
    await rt?.cleanup();
  });
  const deps = () => ({ db: rt.db, queues: rt.queues });
  const start = (actor: Actor, amount: number, businessKey?: string) => startInstance(actor, { key: "expense-approval", businessKey, variables: { amount } }, deps());

  it("shows the starter their request: status, whom it waits on, diagram markers, timeline", async () => {
    const inst = await start(rt.actors.requester, 1500, "EXP-100");
    const r = await getRequest(rt.actors.requester, inst.id, { db: rt.db });
    expect(r).not.toBeNull();
    expect(r!).toMatchObject({
      id: inst.id, businessKey: "EXP-100", status: "active", startedBy: { id: "u_requester" },
      process: { key: "expense-approval", name: "Expense approval", version: 1, description: expect.stringContaining("manager approves it") },
      waitingOn: [{ kind: "task", name: "Manager approval", elementId: "manager-approval", assignee: null, offeredTo: ["Managers"] }],
      systemWaits: [], incidents: [],
    });
    expect(r!.waitingOn[0].dueAt).toMatch(/^\d{4}-/);
    expect(r!.diagram.active).toEqual(["manager-approval"]);
    expect(r!.diagram.completed).toEqual(expect.arrayContaining(["submitted", "f_submitted_manager"]));
    expect(r!.diagram.xml).toContain("expense-approval");
    expect(r!.timeline.map((e) => e.kind)).toEqual(["started", "offered"]);
    // The requester cannot open the manager's task: no link to a page that would 404.
    expect(r!.openableTaskIds).toEqual([]);
  });

  it("is null for a user with no part in it, and for another organization", async () => {
    const inst = await start(rt.actors.requester, 200);
    expect(await getRequest(stranger, inst.id, { db: rt.db })).toBeNull();
    expect(await getRequest(rt.actors.other, inst.id, { db: rt.db })).toBeNull(); // an admin, of org_other
    expect(await getRequest(null, inst.id, { db: rt.db })).toBeNull();
    expect(await getRequest(rt.actors.requester, "no-such-id", { db: rt.db })).toBeNull();
  });

  it("lets task participants and instance readers follow it", async () => {
    const inst = await start(rt.actors.requester, 1500);
    const manager = await getRequest(rt.actors.manager, inst.id, { db: rt.db });
    expect(manager?.openableTaskIds).toHaveLength(1);
    expect((await getRequest(auditor, inst.id, { db: rt.db }))?.id).toBe(inst.id);
    // Finance has no part yet; once the manager approves, the finance task is offered to them.
    expect(await getRequest(finance, inst.id, { db: rt.db })).toBeNull();
    const task = await rt.db.task.findFirstOrThrow({ where: { instanceId: inst.id, status: "OPEN" } });
    await claimTask(rt.actors.manager, { taskId: task.id }, { db: rt.db });
    const claimed = await getRequest(rt.actors.requester, inst.id, { db: rt.db });
    expect(claimed?.waitingOn[0]).toMatchObject({ assignee: { id: "u_manager", name: "Mia Manager" }, offeredTo: [] });
    await completeTask(rt.actors.manager, { taskId: task.id, variables: { managerApproved: true } }, deps());
    expect((await getRequest(finance, inst.id, { db: rt.db }))?.waitingOn[0]).toMatchObject({ name: "Finance approval", offeredTo: ["finance"] });
    // The manager completed their task and may still follow the request.
    expect((await getRequest(rt.actors.manager2, inst.id, { db: rt.db }))?.id).toBe(inst.id); // same group, task was offered to them
    expect((await getRequest(rt.actors.manager, inst.id, { db: rt.db }))?.openableTaskIds).toEqual([]);
  });

  it("reads completed when done, with the path through the diagram", async () => {
    const inst = await start(rt.actors.requester, 50);
    const task = await rt.db.task.findFirstOrThrow({ where: { instanceId: inst.id, status: "OPEN" } });
    await completeTask(rt.actors.manager, { taskId: task.id, variables: { managerApproved: true } }, deps());
    const r = await getRequest(rt.actors.requester, inst.id, { db: rt.db });
    expect(r).toMatchObject({ status: "completed", waitingOn: [], systemWaits: [], diagram: { active: [] } });
    expect(r!.endedAt).not.toBeNull();
    expect(r!.diagram.completed).toEqual(expect.arrayContaining(["manager-approval", "f_below_threshold", "notify-approved", "approved"]));
    expect(r!.diagram.completed).not.toContain("finance-approval");
    expect(r!.timeline.at(-1)).toMatchObject({ kind: "completed" });
  });

  it("lists only my requests, newest first, with keyset paging", async () => {
    const mine = { ...rt.actors.requester, userId: "u_stranger" }; // a fresh starter: exactly these three
    const a = await start(mine, 1, "A");
    const b = await start(mine, 2, "B");
    const c = await start(mine, 3, "C");
    await start(rt.actors.requester, 4, "not mine");
    const first = await listMyRequests(mine, { limit: 2 }, { db: rt.db });
    expect(first.items.map((i) => i.businessKey)).toEqual(["C", "B"]);
    expect(first.items[0]).toMatchObject({ id: c.id, status: "active", process: { key: "expense-approval", name: "Expense approval", version: 1 }, waitingOn: [{ name: "Manager approval", offeredTo: ["Managers"] }] });
    expect(first.nextCursor).not.toBeNull();
    const second = await listMyRequests(mine, { limit: 2, cursor: first.nextCursor! }, { db: rt.db });
    expect(second.items.map((i) => i.id)).toEqual([a.id]);
    expect(second.nextCursor).toBeNull();
    expect([b.id]).toContain(first.items[1].id);
    expect((await listMyRequests(rt.actors.other, {}, { db: rt.db })).items).toEqual([]);
  });

  it("rejects a bad cursor or limit as a validation error naming the field", async () => {
    await expect(listMyRequests(rt.actors.requester, { cursor: "garbage" }, { db: rt.db })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listMyRequests(rt.actors.requester, { limit: 0 }, { db: rt.db })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("limit") });
    await expect(listMyRequests(null, {}, { db: rt.db })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
