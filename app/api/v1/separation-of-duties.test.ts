// Separation of duties through the API: the person who started a request may not claim or decide
// its excludeInitiator task — 403 naming the rule, the task untouched, the refusal audited.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, ROLE_USERS, type ApiFixture } from "@/server/testing/api-fixture";

const xml = fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/approval.bpmn"), "utf8")
  .replace('baton:candidateGroups="managers"', 'baton:candidateGroups="managers" baton:excludeInitiator="true"');
let f: ApiFixture;
let r: { defs: typeof import("./definitions/route"); instances: typeof import("./instances/route"); tasks: typeof import("./tasks/route"); claim: typeof import("./tasks/[id]/claim/route"); complete: typeof import("./tasks/[id]/complete/route") };

beforeAll(async () => {
  f = await createApiFixture("sod");
  r = {
    defs: await import("./definitions/route"),
    instances: await import("./instances/route"),
    tasks: await import("./tasks/route"),
    claim: await import("./tasks/[id]/claim/route"),
    complete: await import("./tasks/[id]/complete/route"),
  };
  expect((await f.call(r.defs.POST, { method: "POST", path: "/definitions", token: f.tokens.admin, body: xml, headers: { "content-type": "application/xml" } })).status).toBe(201);
});
afterAll(async () => f?.close());

describe("baton:excludeInitiator", () => {
  it("refuses the starter's claim and completion with 403 naming the rule, audits the refusal, lets another person decide", async () => {
    const started = await f.call(r.instances.POST, { method: "POST", path: "/instances", token: f.tokens.user, body: { key: "approval", variables: { amount: 3 } } });
    expect(started.status).toBe(201);
    const list = await f.call(r.tasks.GET, { path: `/tasks?instanceId=${started.body.id}`, token: f.tokens.user });
    const task = list.body.items.find((t: { instanceId: string }) => t.instanceId === started.body.id);
    expect(task).toBeDefined();

    const claim = await f.call(r.claim.POST, { method: "POST", path: `/tasks/${task.id}/claim`, token: f.tokens.user, params: { id: task.id } });
    expect(claim.status).toBe(403);
    expect(claim.body.error.details.rule).toBe("excludeInitiator");
    expect(claim.body.error.message).toContain("you started this request");
    const complete = await f.call(r.complete.POST, { method: "POST", path: `/tasks/${task.id}/complete`, token: f.tokens.user, params: { id: task.id }, body: { variables: { approved: true } } });
    expect(complete.status).toBe(403);
    expect(complete.body.error.details.rule).toBe("excludeInitiator");

    const row = await f.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row).toMatchObject({ status: "OPEN", assigneeId: null });
    const denied = await f.db.auditEvent.findMany({ where: { type: "authz.denied", actorId: ROLE_USERS.user } });
    expect(denied.map((e) => (e.payload as { action: string; rule: string }).action).sort()).toEqual(["task.claim", "task.complete"]);
    for (const e of denied) expect(e.payload).toMatchObject({ rule: "excludeInitiator", taskId: task.id, instanceId: started.body.id });

    const other = await f.call(r.complete.POST, { method: "POST", path: `/tasks/${task.id}/complete`, token: f.tokens.admin, params: { id: task.id }, body: { variables: { approved: true } } });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
  });
});
