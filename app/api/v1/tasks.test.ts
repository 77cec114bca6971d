// Tasks, messages and incidents over REST: visibility, the claim/delegate/complete cycle,
// message correlation and incident retry.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, ROLE_USERS, seedForeignRows, type ApiFixture } from "@/server/testing/api-fixture";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "__fixtures__", name), "utf8");
let f: ApiFixture;
let r: {
  instances: typeof import("./instances/route");
  instance: typeof import("./instances/[id]/route");
  variables: typeof import("./instances/[id]/variables/route");
  tasks: typeof import("./tasks/route");
  task: typeof import("./tasks/[id]/route");
  claim: typeof import("./tasks/[id]/claim/route");
  unclaim: typeof import("./tasks/[id]/unclaim/route");
  delegate: typeof import("./tasks/[id]/delegate/route");
  complete: typeof import("./tasks/[id]/complete/route");
  messages: typeof import("./messages/route");
  incidents: typeof import("./incidents/route");
  retry: typeof import("./incidents/[id]/retry/route");
};

beforeAll(async () => {
  f = await createApiFixture("tasks");
  await seedForeignRows(f.db);
  const defs = await import("./definitions/route");
  for (const file of ["approval.bpmn", "flows.bpmn"]) {
    const d = await f.call(defs.POST, { method: "POST", path: "/definitions", token: f.tokens.admin, body: fixture(file), headers: { "content-type": "application/xml" } });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
  }
  r = {
    instances: await import("./instances/route"),
    instance: await import("./instances/[id]/route"),
    variables: await import("./instances/[id]/variables/route"),
    tasks: await import("./tasks/route"),
    task: await import("./tasks/[id]/route"),
    claim: await import("./tasks/[id]/claim/route"),
    unclaim: await import("./tasks/[id]/unclaim/route"),
    delegate: await import("./tasks/[id]/delegate/route"),
    complete: await import("./tasks/[id]/complete/route"),
    messages: await import("./messages/route"),
    incidents: await import("./incidents/route"),
    retry: await import("./incidents/[id]/retry/route"),
  };
});
afterAll(async () => f?.close());

const start = async (key: string, variables: Record<string, unknown> = {}) => {
  const s = await f.call(r.instances.POST, { method: "POST", path: "/instances", token: f.tokens.operator, body: { key, variables } });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  return s.body as { id: string; status: string };
};
const post = (handler: (typeof r)["claim"]["POST"], token: string, id: string, body?: unknown) => f.call(handler, { method: "POST", token, params: { id }, body });

describe("tasks", () => {
  it("lists only visible tasks, with filters, and walks claim → unclaim → delegate → complete", async () => {
    const inst = await start("approval");
    const mine = await f.call(r.tasks.GET, { path: "/tasks?status=OPEN&candidateGroup=managers&processKey=approval", token: f.tokens.user });
    expect(mine.status).toBe(200);
    const task = mine.body.items.find((t: { instanceId: string }) => t.instanceId === inst.id);
    expect(task).toMatchObject({ name: "Approve", status: "OPEN", assigneeId: null, candidateGroups: ["managers"] });
    // The designer is in no group: the task is not offered to them.
    const designer = await f.call(r.tasks.GET, { path: "/tasks", token: f.tokens.designer });
    expect(designer.body.items).toEqual([]);
    expect((await f.call(r.task.GET, { token: f.tokens.designer, params: { id: task.id } })).status).toBe(404);

    const claimed = await post(r.claim.POST, f.tokens.user, task.id);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body.assigneeId).toBe(ROLE_USERS.user);
    const assignedToMe = await f.call(r.tasks.GET, { path: "/tasks?assignee=me", token: f.tokens.user });
    expect(assignedToMe.body.items.map((t: { id: string }) => t.id)).toEqual([task.id]);
    expect((await post(r.unclaim.POST, f.tokens.user, task.id)).body.assigneeId).toBeNull();

    const delegated = await post(r.delegate.POST, f.tokens.operator, task.id, { userId: ROLE_USERS.user });
    expect(delegated.status, JSON.stringify(delegated.body)).toBe(200);
    expect(delegated.body.assigneeId).toBe(ROLE_USERS.user);

    const done = await post(r.complete.POST, f.tokens.user, task.id, { variables: { approved: true }, outcome: "approved" });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: "COMPLETED", outcome: "approved", completedById: ROLE_USERS.user });
    const after = await f.call(r.task.GET, { token: f.tokens.user, params: { id: task.id } });
    expect(after.body.status).toBe("COMPLETED");
  });

  it("filters by due date and pages", async () => {
    await start("approval");
    await start("approval");
    const page1 = await f.call(r.tasks.GET, { path: "/tasks?limit=1", token: f.tokens.operator });
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await f.call(r.tasks.GET, { path: `/tasks?limit=1&cursor=${page1.body.nextCursor}`, token: f.tokens.operator });
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    const due = await f.call(r.tasks.GET, { path: "/tasks?dueBefore=2000-01-01", token: f.tokens.operator });
    expect(due.body.items).toEqual([]);
    const bad = await f.call(r.tasks.GET, { path: "/tasks?dueAfter=yesterday", token: f.tokens.operator });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe("query.dueAfter");
  });
});

describe("messages", () => {
  it("correlates a message to the waiting instance by correlation key", async () => {
    const inst = await start("waiter", { orderId: "o-1" });
    const m = await f.call(r.messages.POST, { method: "POST", token: f.tokens.operator, body: { name: "paid", correlationKey: "o-1", variables: { paidAt: "now" } } });
    expect(m.status, JSON.stringify(m.body)).toBe(200);
    expect(m.body).toMatchObject({ outcome: "correlated", instanceId: inst.id });
    const one = await f.call(r.instance.GET, { token: f.tokens.operator, params: { id: inst.id } });
    expect(one.body.status).toBe("COMPLETED");
  });
});

describe("incidents", () => {
  it("lists an open incident, shows it on the instance, and retries it after a fix", async () => {
    const inst = await start("gate", { amount: 5 });
    const list = await f.call(r.incidents.GET, { path: `/incidents?status=OPEN&instanceId=${inst.id}`, token: f.tokens.auditor });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const incident = list.body.items[0];
    expect(incident).toMatchObject({ instanceId: inst.id, elementId: "gw", status: "OPEN" });
    const one = await f.call(r.instance.GET, { token: f.tokens.operator, params: { id: inst.id } });
    expect(one.body.hasIncident).toBe(true);
    expect(one.body.incidents.map((i: { id: string }) => i.id)).toEqual([incident.id]);

    const fix = await f.call(r.variables.PUT, { method: "PUT", token: f.tokens.operator, params: { id: inst.id }, body: { variables: { amount: 500 } } });
    expect(fix.status, JSON.stringify(fix.body)).toBe(200);
    const retried = await post(r.retry.POST, f.tokens.operator, incident.id, {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const resolved = await f.call(r.incidents.GET, { path: `/incidents?status=RESOLVED&instanceId=${inst.id}`, token: f.tokens.operator });
    expect(resolved.body.items.map((i: { id: string }) => i.id)).toEqual([incident.id]);
  });

  it("never lists another organization's incidents", async () => {
    const all = await f.call(r.incidents.GET, { path: "/incidents", token: f.tokens.admin });
    expect(all.body.items.every((i: { message: string }) => i.message !== "boom")).toBe(true);
  });
});
