// The task page's actions and its read model on the real PostgreSQL and Redis: who sees a task
// (assignee, candidate user or group, operator — nobody else, never another organization), and
// claim / unclaim / delegate / reassign / decide / complete through the commands, including
// the refusals a person must read on screen (separation of duties, already taken, completed).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../authz/actor";
import { startInstance } from "../commands/instances/start-instance";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";
import { getTaskPage } from "../queries/tasks/task-page";
import * as actions from "./task-actions";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "__fixtures__", name), "utf8");

let rt: TestRuntime;
let fin: Actor;
let dual: Actor; // a manager who is also in finance: separation of duties bites
const deps = () => ({ db: rt.db, queues: rt.queues });

beforeAll(async () => {
  rt = await createTestRuntime("task_actions");
  await rt.deploy(fixture("two-step-approval.bpmn"));
  await rt.db.group.create({ data: { id: "g_finance", organizationId: rt.org, key: "finance", name: "Finance" } });
  await rt.db.user.create({ data: { id: "u_fin", organizationId: rt.org, email: "u_fin@test", name: "Fin Finance", memberships: { create: { organizationId: rt.org, role: "user" } } } });
  await rt.db.groupMember.createMany({ data: [{ groupId: "g_finance", userId: "u_fin" }, { groupId: "g_finance", userId: "u_manager" }] });
  fin = { ...rt.actors.requester, userId: "u_fin", email: "u_fin@test", name: "Fin Finance", groups: ["finance"] };
  dual = { ...rt.actors.manager, groups: ["managers", "finance"] };
});
afterAll(async () => rt?.cleanup());

async function openTask(amount = 1500, businessKey?: string) {
  const inst = await startInstance(rt.actors.requester, { key: "two-step", variables: { amount }, businessKey }, deps());
  const task = await waitFor(() => rt.db.task.findFirst({ where: { instanceId: inst.id, status: "OPEN" } }), 10_000, "the manager task");
  return { inst, task };
}

describe("task visibility", () => {
  it("shows the task to candidates, the assignee and operators; 404 for anyone else and other organizations", async () => {
    const { inst, task } = await openTask(1500, "EXP-V1");
    const page = await getTaskPage(rt.actors.manager, task.id, deps());
    expect(page).toMatchObject({
      task: { id: task.id, name: "Manager approval", status: "OPEN", candidateGroups: ["managers"], priority: 60 },
      instance: { id: inst.id, businessKey: "EXP-V1", startedBy: { id: "u_requester" } },
      definition: { key: "two-step", name: "Two-step approval", version: 1 },
      decision: { name: "managerApproved", commentName: "managerComment" },
      sodReason: null,
      may: { claim: true, complete: false, reassign: false },
    });
    expect(page.definition.bpmnXml).toContain("two-step");
    expect(page.diagram.active).toEqual(["manager"]);
    expect(page.diagram.completed).toContain("start");
    expect((await getTaskPage(rt.actors.operator, task.id, deps())).may.reassign).toBe(true);

    // The requester started the case but is no candidate: the task does not exist for them.
    await expect(getTaskPage(rt.actors.requester, task.id, deps())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getTaskPage(fin, task.id, deps())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getTaskPage(rt.actors.other, task.id, deps())).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Actions on an invisible task read the same as on a missing one.
    expect(await actions.claim(rt.actors.requester, task.id, deps())).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await actions.claim(rt.actors.other, task.id, deps())).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await actions.reassign(rt.actors.other, task.id, "u_other", deps())).toMatchObject({ ok: false, code: "NOT_FOUND" });

    // A candidate user (not group) sees it too, once it is handed to them.
    expect(await actions.delegate(rt.actors.operator, task.id, "u_requester", deps())).toEqual({ ok: true });
    expect((await getTaskPage(rt.actors.requester, task.id, deps())).assignee).toEqual({ id: "u_requester", name: "u_requester" });
  });
});

describe("task actions", () => {
  it("claims, refuses a second claimer, unclaims only for the assignee", async () => {
    const { task } = await openTask();
    expect(await actions.claim(rt.actors.manager, task.id, deps())).toEqual({ ok: true });
    const after = await getTaskPage(rt.actors.manager, task.id, deps());
    expect(after).toMatchObject({ assignee: { id: "u_manager" }, may: { claim: false, unclaim: true, complete: true } });
    const second = await actions.claim(rt.actors.manager2, task.id, deps());
    expect(second).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await actions.unclaim(rt.actors.manager2, task.id, deps())).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await actions.unclaim(rt.actors.manager, task.id, deps())).toEqual({ ok: true });
    expect((await rt.db.task.findUniqueOrThrow({ where: { id: task.id } })).assigneeId).toBeNull();
    const audit = await rt.db.auditEvent.findMany({ where: { instanceId: task.instanceId, type: { in: ["task.claimed", "task.unclaimed"] } }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => [a.type, a.actorId])).toEqual([["task.claimed", "u_manager"], ["task.unclaimed", "u_manager"]]);
  });

  it("delegates to a person of the organization, never to one of another", async () => {
    const { task } = await openTask();
    await actions.claim(rt.actors.manager, task.id, deps());
    expect(await actions.delegate(rt.actors.manager, task.id, "u_other", deps())).toMatchObject({ ok: false, code: "VALIDATION", fields: { userId: "unknown user" } });
    expect(await actions.delegate(rt.actors.manager, task.id, "", deps())).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await actions.delegate(rt.actors.manager2, task.id, "u_manager2", deps())).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await actions.delegate(rt.actors.manager, task.id, "u_manager2", deps())).toEqual({ ok: true });
    expect((await rt.db.task.findUniqueOrThrow({ where: { id: task.id } })).assigneeId).toBe("u_manager2");
    const people = await actions.people(rt.actors.manager, "u_", deps());
    expect(people.ok && people.value.map((p) => p.id)).not.toContain("u_other");
    expect(people.ok && people.value.map((p) => p.id)).toContain("u_fin");
  });

  it("reassigns for operators only (task.assign), audited", async () => {
    const { task } = await openTask();
    await actions.claim(rt.actors.manager, task.id, deps());
    expect(await actions.reassign(rt.actors.manager, task.id, "u_manager2", deps())).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await actions.reassign(rt.actors.operator, task.id, "u_manager2", deps())).toEqual({ ok: true });
    expect((await rt.db.task.findUniqueOrThrow({ where: { id: task.id } })).assigneeId).toBe("u_manager2");
    expect(await actions.reassign(rt.actors.operator, task.id, null, deps())).toEqual({ ok: true });
    expect((await rt.db.task.findUniqueOrThrow({ where: { id: task.id } })).assigneeId).toBeNull();
    const audit = await rt.db.auditEvent.findFirstOrThrow({ where: { instanceId: task.instanceId, type: "task.delegated", actorId: "u_operator" }, orderBy: { seq: "asc" } });
    expect(audit.payload).toMatchObject({ from: "u_manager", to: "u_manager2", reassigned: true });
  });

  it("approves with a comment: the model's decision variable is set and finance gets the task", async () => {
    const { inst, task } = await openTask(1500);
    await actions.claim(rt.actors.manager, task.id, deps());
    const done = await actions.decide(rt.actors.manager, task.id, { approve: true, comment: "  Fine by me  " }, deps());
    expect(done).toEqual({ ok: true });
    const row = await rt.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row).toMatchObject({ status: "COMPLETED", outcome: "approved", completedById: "u_manager" });
    const vars = (await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } })).variables;
    expect(vars).toMatchObject({ managerApproved: true, managerComment: "Fine by me" });
    const next = await waitFor(() => rt.db.task.findFirst({ where: { instanceId: inst.id, status: "OPEN" } }), 10_000, "the finance task");
    expect(next).toMatchObject({ name: "Finance approval", candidateGroups: ["finance"] });

    // Completed while someone else had it open: the page says by whom, the action says why.
    const late = await getTaskPage(rt.actors.manager2, task.id, deps());
    expect(late).toMatchObject({ task: { status: "COMPLETED" }, completedBy: { id: "u_manager", name: "u_manager" }, may: { complete: false, claim: false } });
    expect(await actions.decide(rt.actors.manager2, task.id, { approve: false }, deps())).toMatchObject({ ok: false, code: "CONFLICT" });

    // Separation of duties: the manager who approved is also in finance, and is refused — with the rule.
    const sodPage = await getTaskPage(dual, next.id, deps());
    expect(sodPage.sodReason).toMatch(/Separation of duties/);
    expect(sodPage.may).toMatchObject({ claim: false, complete: false });
    const refused = await actions.claim(dual, next.id, deps());
    expect(refused).toMatchObject({ ok: false, code: "FORBIDDEN", rule: "excludeParticipantsOf" });
    expect(refused.ok === false && refused.message).toMatch(/Separation of duties/);
    const refusedDecision = await actions.decide(dual, next.id, { approve: true }, deps());
    expect(refusedDecision).toMatchObject({ ok: false, code: "FORBIDDEN", rule: "excludeParticipantsOf" });
    expect((await rt.db.task.findUniqueOrThrow({ where: { id: next.id } })).status).toBe("OPEN");

    await actions.claim(fin, next.id, deps());
    expect(await actions.decide(fin, next.id, { approve: false, comment: "No receipt" }, deps())).toEqual({ ok: true });
    const ended = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
    expect(ended.status).toBe("COMPLETED");
    expect(ended.variables).toMatchObject({ financeApproved: false, financeComment: "No receipt" });
  });

  it("completes with plain variables, and says what was wrong with bad input", async () => {
    const { inst, task } = await openTask(200);
    await actions.claim(rt.actors.manager, task.id, deps());
    const taken = await actions.completeWithVariables(rt.actors.manager2, task.id, { managerApproved: true }, deps());
    expect(taken).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(taken.ok === false && taken.message).toMatch(/claimed by someone else/);
    expect(await actions.completeWithVariables(rt.actors.manager, task.id, "not an object", deps())).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await actions.decide(rt.actors.manager, task.id, { approve: true, comment: "x".repeat(4001) }, deps())).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await actions.completeWithVariables(rt.actors.manager, task.id, { managerApproved: true, note: "ok" }, deps())).toEqual({ ok: true });
    const ended = await waitFor(async () => {
      const r = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
      return r.status === "COMPLETED" && r;
    }, 10_000, "the instance to complete");
    expect(ended.variables).toMatchObject({ managerApproved: true, note: "ok" });
  });
});
