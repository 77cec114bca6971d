// A message thrown inside Baton is delivered even when its first delivery hits a database
// failure: the outbox row stays until the message is correlated. Real PostgreSQL and Redis.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInstance } from "../../server/commands/instances/start-instance";
import { createTestRuntime, type TestRuntime } from "../../server/testing/runtime";
import { handleCorrelateMessage } from "./correlate-message";

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:message id="m" name="shipped"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="wait-shipped" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="shipped" />
    <bpmn:intermediateCatchEvent id="shipped"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="shipped" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe("correlate-message handler", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime("h_correlate");
    await rt.deploy(xml);
  });
  afterAll(async () => {
    await rt?.cleanup();
  });

  async function outboxRow(payload: Record<string, unknown>) {
    const id = crypto.randomUUID();
    await rt.db.outboxJob.create({ data: { id, organizationId: rt.org, queue: "correlate-message", name: "correlate-message", payload: payload as object } });
    return id;
  }

  it("keeps the outbox row when the database fails, and settles it once the message is correlated", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "wait-shipped", variables: { orderId: "O-1" } }, { db: rt.db, queues: rt.queues });
    const payload = { organizationId: rt.org, name: "shipped", correlationKey: "O-1", variables: { carrier: "DHL" }, messageId: crypto.randomUUID() };
    const rowId = await outboxRow(payload);

    // The write fails (stands in for a dropped connection or a full disk).
    await rt.db.$executeRawUnsafe(`ALTER TABLE "AppliedEvent" ADD CONSTRAINT test_fail CHECK (false) NOT VALID`);
    try {
      await expect(handleCorrelateMessage(rt.db, rt.queues, rowId, payload)).rejects.toThrow(/test_fail/);
    } finally {
      await rt.db.$executeRawUnsafe(`ALTER TABLE "AppliedEvent" DROP CONSTRAINT test_fail`);
    }
    expect(await rt.db.outboxJob.findUnique({ where: { id: rowId } })).not.toBeNull();
    expect((await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } })).status).toBe("ACTIVE");

    // The retry correlates it and settles the row; a later re-delivery finds nothing waiting.
    expect(await handleCorrelateMessage(rt.db, rt.queues, rowId, payload)).toMatchObject({ outcome: "correlated", instanceId: inst.id });
    expect(await rt.db.outboxJob.findUnique({ where: { id: rowId } })).toBeNull();
    const after = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
    expect(after.status).toBe("COMPLETED");
    expect(after.variables).toMatchObject({ carrier: "DHL" });
    const again = await outboxRow(payload);
    expect(await handleCorrelateMessage(rt.db, rt.queues, again, payload)).toMatchObject({ outcome: "dropped", instanceId: null });
    expect(await rt.db.outboxJob.findUnique({ where: { id: again } })).toBeNull();
  });

  it("drops the row of a message nothing waits for (time to live 0)", async () => {
    const payload = { organizationId: rt.org, name: "shipped", correlationKey: "nobody", variables: {}, messageId: crypto.randomUUID() };
    const rowId = await outboxRow(payload);
    expect(await handleCorrelateMessage(rt.db, rt.queues, rowId, payload)).toMatchObject({ outcome: "dropped", instanceId: null });
    expect(await rt.db.outboxJob.findUnique({ where: { id: rowId } })).toBeNull();
  });
});
