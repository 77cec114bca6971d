// Batching keeps exactly-once: the same job delivered twice inside one batch, and two events
// for the same instance in one batch, still give one transition each and one audit event each.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInstance } from "../commands/instances/start-instance";
import { createTestRuntime, type TestRuntime } from "../testing/runtime";
import { applyBatch } from "./apply-batch";
import { Batcher } from "./batcher";
import { runServiceCall } from "./service-calls";

const xml = fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/expense-approval.bpmn"), "utf8");

describe("batched apply", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime("batching");
    await rt.deploy(xml);
  });
  afterAll(async () => rt?.cleanup());

  async function openInstance(amount: number) {
    const inst = await startInstance(rt.actors.requester, { key: "expense-approval", variables: { amount } }, { db: rt.db, queues: rt.queues });
    const task = await rt.db.task.findFirstOrThrow({ where: { instanceId: inst.id, status: "OPEN" } });
    return { inst, task };
  }
  const transitions = (instanceId: string) => rt.db.auditEvent.count({ where: { chainId: instanceId, type: "element.transition" } });

  it("applies a job delivered twice inside one batch once", async () => {
    const { inst, task } = await openInstance(100);
    const before = await transitions(inst.id);
    const item = { eventId: `task:${task.id}:dup`, instanceId: inst.id, organizationId: rt.org, actorId: "u_manager", event: { type: "taskCompleted" as const, taskId: task.id, variables: { managerApproved: true }, completedBy: "u_manager" } };
    const res = await applyBatch(rt.db, [item, { ...item }]);
    expect(res.outcomes.get(item.eventId)?.status).toBe("applied");
    const after = await transitions(inst.id);
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
    expect(row.status).toBe("COMPLETED");
    expect(await rt.db.auditEvent.count({ where: { chainId: inst.id, type: "task.completed" } })).toBe(1);
    expect(await rt.db.appliedEvent.count({ where: { id: item.eventId } })).toBe(1);
    // A third delivery in a later batch: a duplicate, nothing written.
    const again = await applyBatch(rt.db, [item]);
    expect(again.outcomes.get(item.eventId)?.status).toBe("duplicate");
    expect(await transitions(inst.id)).toBe(after);
    expect(after).toBeGreaterThan(before);
  });

  it("applies two events for the same instance in one batch, in order, each once", async () => {
    const { inst, task } = await openInstance(100);
    const before = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
    const setVars = { eventId: `vars:${crypto.randomUUID()}`, instanceId: inst.id, organizationId: rt.org, actorId: "u_operator", event: { type: "setVariables" as const, variables: { amount: 2500 } } };
    const complete = { eventId: `task:${task.id}:x`, instanceId: inst.id, organizationId: rt.org, actorId: "u_manager", event: { type: "taskCompleted" as const, taskId: task.id, variables: { managerApproved: true }, completedBy: "u_manager" } };
    const res = await applyBatch(rt.db, [setVars, complete]);
    expect(res.outcomes.get(setVars.eventId)?.status).toBe("applied");
    expect(res.outcomes.get(complete.eventId)?.status).toBe("applied");
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
    expect(row.version).toBe(before.version + 1); // one write for both events
    // The second event saw the first: amount 2,500 routes to finance.
    const next = await rt.db.task.findFirstOrThrow({ where: { instanceId: inst.id, status: "OPEN" } });
    expect(next.name).toBe("Finance approval");
    expect(await rt.db.auditEvent.count({ where: { chainId: inst.id, type: "instance.variables_set" } })).toBe(1);
    expect(await rt.db.auditEvent.count({ where: { chainId: inst.id, type: "task.completed" } })).toBe(1);
    const flows = await rt.db.auditEvent.findMany({ where: { chainId: inst.id, type: "element.transition" }, select: { elementId: true, payload: true } });
    const keys = flows.map((f) => `${f.elementId}/${(f.payload as { transition: string }).transition}/${(f.payload as { tokenId?: string }).tokenId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("sends back only the conflicting instance's event and applies it in the next batch", async () => {
    const a = await openInstance(10);
    const b = await openInstance(10);
    const batcher = new Batcher(rt.db, rt.queues, { maxBatch: 10, maxWaitMs: 20 });
    const mk = (x: typeof a) => ({ eventId: `task:${x.task.id}:c`, instanceId: x.inst.id, organizationId: rt.org, actorId: "u_manager", event: { type: "taskCompleted" as const, taskId: x.task.id, variables: { managerApproved: false }, completedBy: "u_manager" } });
    // Another transaction changes b (uncommitted) while the batch reads and writes: the batch
    // reads b's old version, waits on b's row lock, then loses its optimistic check.
    const other = new pg.Client({ connectionString: rt.t.url });
    await other.connect();
    await other.query("BEGIN");
    await other.query(`UPDATE "ProcessInstance" SET version = version + 1 WHERE id = $1`, [b.inst.id]);
    const pa = batcher.submit(mk(a));
    const pb = batcher.submit(mk(b));
    // The batch's single UPDATE now waits on b's row lock; release it.
    await new Promise((r) => setTimeout(r, 300));
    await other.query("COMMIT");
    await other.end();
    const [oa, ob] = await Promise.all([pa, pb]);
    expect(oa.status).toBe("applied");
    expect(ob.status).toBe("applied");
    expect(batcher.stats.conflicts).toBeGreaterThanOrEqual(1);
    for (const x of [a, b]) {
      expect((await rt.db.processInstance.findUniqueOrThrow({ where: { id: x.inst.id } })).status).toBe("COMPLETED");
      expect(await rt.db.auditEvent.count({ where: { chainId: x.inst.id, type: "task.completed" } })).toBe(1);
    }
  });

  it("claims a service-call job delivered twice at once only once: one HTTP call, one transition", async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(200, { "content-type": "application/json" }).end('{"size":3}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      await rt.deploy(fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/incidents.bpmn"), "utf8"));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/erp`;
      const inst = await startInstance(rt.actors.admin, { key: "call-then-route", variables: { erpUrl: url, size: 1 } }, { db: rt.db, queues: rt.queues });
      const job = await rt.db.job.findFirstOrThrow({ where: { instanceId: inst.id, elementId: "call" } });
      const batcher = new Batcher(rt.db, rt.queues);
      // Both deliveries start in the same tick, so their claims share one UPDATE.
      const [x, y] = await Promise.all([
        runServiceCall(rt.db, rt.queues, batcher, crypto.randomUUID(), job.id, "w-a"),
        runServiceCall(rt.db, rt.queues, batcher, crypto.randomUUID(), job.id, "w-a"),
      ]);
      expect([x.status, y.status].sort()).toEqual(["applied", "skipped"]);
      expect(hits).toBe(1);
      expect((await rt.db.job.findUniqueOrThrow({ where: { id: job.id } })).state).toBe("COMPLETED");
      const done = await rt.db.auditEvent.findMany({ where: { chainId: inst.id, elementId: "call", type: "element.transition" }, select: { payload: true } });
      expect(done.filter((d) => (d.payload as { transition: string }).transition === "completed")).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it("applies a start delivered to two processes at once once (the loser's insert fails, its retry finds the row)", async () => {
    const instanceId = crypto.randomUUID();
    const item = {
      eventId: `start:${instanceId}`, instanceId, organizationId: rt.org, actorId: null,
      event: { type: "start" as const, processId: "expense-approval", variables: { amount: 5 }, startedBy: "u_requester" },
      start: { definitionKey: "expense-approval", businessKey: null, startedById: null },
    };
    // Two batchers stand for two processes: both read "no such instance", both insert.
    const [x, y] = await Promise.all([new Batcher(rt.db, rt.queues).submit(item), new Batcher(rt.db, rt.queues).submit({ ...item })]);
    expect([x.status, y.status].sort()).toEqual(["applied", "duplicate"]);
    expect(await rt.db.processInstance.count({ where: { id: instanceId } })).toBe(1);
    expect(await rt.db.appliedEvent.count({ where: { id: item.eventId } })).toBe(1);
    const audit = await rt.db.auditEvent.findMany({ where: { chainId: instanceId }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.seq)).toEqual(audit.map((_, i) => i + 1));
    expect(audit.filter((a) => a.type === "instance.started")).toHaveLength(1);
  });
});
