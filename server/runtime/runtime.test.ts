// The durable runtime end to end on the real PostgreSQL and Redis: commands, the worker's
// batcher, the outbox, message buffering and incidents.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeTask } from "../commands/tasks/complete-task";
import { claimTask } from "../commands/tasks/claim-task";
import { startInstance } from "../commands/instances/start-instance";
import { correlateMessage } from "../commands/messages/correlate-message";
import { cancelInstance } from "../commands/instances/cancel-instance";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";
import { startWorker, type RunningWorker } from "../../worker/start-worker";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "__fixtures__", name), "utf8");

describe("durable runtime", () => {
  let rt: TestRuntime;
  let worker: RunningWorker;
  beforeAll(async () => {
    rt = await createTestRuntime("runtime");
    await rt.deploy(fixture("expense-approval.bpmn"));
    await rt.deploy(fixture("message-wait.bpmn"));
    worker = await startWorker({ db: rt.db, redisUrl: process.env.REDIS_URL!, prefix: rt.prefix, workerId: "w1", reconcileMs: 500 });
  });
  afterAll(async () => {
    await worker?.stop();
    await rt?.cleanup();
  });
  const deps = () => ({ db: rt.db, queues: rt.queues });
  const openTask = (instanceId: string) => waitFor(() => rt.db.task.findFirst({ where: { instanceId, status: "OPEN" } }), 10_000, "an open task");

  it("runs the expense approval: manager approves a small amount, the instance completes", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", businessKey: "EXP-1", variables: { amount: 400 } }, deps());
    expect(inst).toMatchObject({ key: "expense-approval", version: 1, status: "ACTIVE", businessKey: "EXP-1" });
    const task = await openTask(inst.id);
    expect(task).toMatchObject({ name: "Manager approval", candidateGroups: ["managers"], priority: 60 });
    expect(task.dueAt).toBeInstanceOf(Date);
    const done = await completeTask(rt.actors.manager, { taskId: task.id, variables: { managerApproved: true }, outcome: "approved" }, deps());
    expect(done).toMatchObject({ status: "COMPLETED", completedById: "u_manager", outcome: "approved" });
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
    expect(row.status).toBe("COMPLETED");
    expect((row.variables as Record<string, unknown>).notification).toBe("Your expense of 400 was approved.");
    const audit = await rt.db.auditEvent.findMany({ where: { chainId: inst.id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.seq)).toEqual(audit.map((_, i) => i + 1));
    for (let i = 1; i < audit.length; i++) expect(audit[i].prevHash).toBe(audit[i - 1].hash);
    expect(audit.filter((a) => a.type === "task.completed")).toHaveLength(1);
  });

  it("sends amounts above 1,000 to finance", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount: 5000 } }, deps());
    const t1 = await openTask(inst.id);
    await completeTask(rt.actors.manager, { taskId: t1.id, variables: { managerApproved: true } }, deps());
    const t2 = await openTask(inst.id);
    expect(t2).toMatchObject({ name: "Finance approval", candidateGroups: ["finance"] });
  });

  it("lets exactly one of two concurrent completions win; the other gets 409", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount: 10 } }, deps());
    const task = await openTask(inst.id);
    const results = await Promise.allSettled([
      completeTask(rt.actors.manager, { taskId: task.id, variables: { managerApproved: true } }, deps()),
      completeTask(rt.actors.manager2, { taskId: task.id, variables: { managerApproved: false } }, deps()),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toMatchObject({ code: "CONFLICT", status: 409 });
    const completions = await rt.db.auditEvent.count({ where: { chainId: inst.id, type: "task.completed" } });
    expect(completions).toBe(1);
  });

  it("answers 404 for another organization's task and refuses a claimed task to others", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount: 10 } }, deps());
    const task = await openTask(inst.id);
    await expect(completeTask(rt.actors.other, { taskId: task.id }, deps())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(completeTask(rt.actors.requester, { taskId: task.id }, deps())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await claimTask(rt.actors.manager, { taskId: task.id }, { db: rt.db });
    await expect(completeTask(rt.actors.manager2, { taskId: task.id, variables: { managerApproved: true } }, deps())).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(claimTask(rt.actors.manager2, { taskId: task.id }, { db: rt.db })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("buffers a message published before its catch event and delivers it when the token arrives", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "order", variables: { orderId: "A-1" } }, deps());
    const early = await correlateMessage(rt.actors.admin, { name: "payment-received", correlationKey: "A-1", variables: { paid: 99 }, timeToLiveMs: 60_000 }, deps());
    expect(early).toMatchObject({ outcome: "buffered", instanceId: null });
    const task = await openTask(inst.id);
    await completeTask(rt.actors.manager, { taskId: task.id }, deps());
    const row = await waitFor(async () => {
      const r = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
      return r.status === "COMPLETED" ? r : null;
    }, 10_000, "the instance to complete");
    expect((row.variables as Record<string, unknown>).paid).toBe(99);
    const buffered = await rt.db.bufferedMessage.findFirstOrThrow({ where: { messageId: null, name: "payment-received" } });
    expect(buffered.instanceId).toBe(inst.id);
  });

  it("drops a buffered message after its time to live", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "order", variables: { orderId: "B-2" } }, deps());
    await correlateMessage(rt.actors.admin, { name: "payment-received", correlationKey: "B-2", variables: {}, timeToLiveMs: 150 }, deps());
    await new Promise((r) => setTimeout(r, 300));
    const task = await openTask(inst.id);
    await completeTask(rt.actors.manager, { taskId: task.id }, deps());
    await waitFor(() => rt.db.messageSubscription.findFirst({ where: { instanceId: inst.id } }), 10_000, "the subscription");
    await new Promise((r) => setTimeout(r, 500));
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
    expect(row.status).toBe("ACTIVE");
    // A message published now (with the token waiting) is correlated at once.
    const now = await correlateMessage(rt.actors.admin, { name: "payment-received", correlationKey: "B-2", variables: { late: true } }, deps());
    expect(now).toMatchObject({ outcome: "correlated", instanceId: inst.id });
  });

  it("cancels an instance: its open task is canceled too", async () => {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount: 1 } }, deps());
    const task = await openTask(inst.id);
    await expect(cancelInstance(rt.actors.requester, { instanceId: inst.id }, deps())).rejects.toMatchObject({ code: "FORBIDDEN" });
    const c = await cancelInstance(rt.actors.operator, { instanceId: inst.id, reason: "duplicate" }, deps());
    expect(c.status).toBe("CANCELED");
    expect((await rt.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("CANCELED");
    await expect(cancelInstance(rt.actors.operator, { instanceId: inst.id }, deps())).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
