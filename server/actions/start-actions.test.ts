// The start page's actions on the real database: a plain user starts with no data (or through
// the start form), designers may pass variables, operators trigger message start events; every
// refusal is a result naming the field, never a throw.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../testing/runtime";
import { startRequest, triggerMessageStart } from "./start-actions";

const expenseXml = fs.readFileSync(path.join(import.meta.dirname, "../../prisma/seed/expense-approval.bpmn"), "utf8");
const messageStartXml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:message id="m1" name="order-received" />
  <bpmn:process id="order" name="Order" isExecutable="true">
    <bpmn:startEvent id="by-message" name="Order received"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="by-message" targetRef="check" />
    <bpmn:userTask id="check" name="Check order" />
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe("start actions", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime("start_actions");
    await rt.deploy(expenseXml);
    await rt.deploy(messageStartXml);
  });
  afterAll(async () => {
    await rt?.cleanup();
  });
  const deps = () => ({ db: rt.db, queues: rt.queues });

  it("starts a request for a plain user and returns its id", async () => {
    const r = await startRequest(rt.actors.requester, "expense-approval", { businessKey: "  TRIP-1  " }, deps());
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) throw new Error(r.message);
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: r.value.instanceId } });
    expect(row).toMatchObject({ startedById: "u_requester", businessKey: "TRIP-1", organizationId: rt.org });
    expect(await rt.db.auditEvent.count({ where: { instanceId: row.id, type: "instance.started", actorId: "u_requester" } })).toBe(1);
  });

  it("refuses variables from a plain user when the model has no start form", async () => {
    const r = await startRequest(rt.actors.requester, "expense-approval", { variables: { amount: 1 } }, deps());
    expect(r).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("lets a designer or admin pass variables", async () => {
    const r = await startRequest(rt.actors.admin, "expense-approval", { variables: { amount: 1500 } }, deps());
    if (!r.ok) throw new Error(r.message);
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: r.value.instanceId } });
    expect(row.variables).toMatchObject({ amount: 1500 });
  });

  it("answers bad input with the field, and unknown or other-organization processes with NOT_FOUND", async () => {
    expect(await startRequest(rt.actors.requester, "expense-approval", { businessKey: "x".repeat(300) }, deps())).toMatchObject({ ok: false, code: "VALIDATION", fields: { businessKey: expect.any(String) } });
    expect(await startRequest(rt.actors.admin, "expense-approval", { variables: "nope" }, deps())).toMatchObject({ ok: false, code: "VALIDATION", fields: { variables: expect.any(String) } });
    expect(await startRequest(rt.actors.requester, "no-such", {}, deps())).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await startRequest(rt.actors.other, "expense-approval", {}, deps())).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await startRequest(null, "expense-approval", {}, deps())).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await startRequest(rt.actors.requester, "order", {}, deps())).toMatchObject({ ok: false, code: "UNPROCESSABLE" });
  });

  it("lets operators trigger a declared message start event, and nobody else", async () => {
    const r = await triggerMessageStart(rt.actors.operator, "order", { messageName: "order-received", businessKey: "ORD-9" }, deps());
    if (!r.ok) throw new Error(r.message);
    expect(r.value.outcome).toBe("started");
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: r.value.instanceId! } });
    expect(row).toMatchObject({ businessKey: "ORD-9", startedById: "u_operator" });
    expect(await triggerMessageStart(rt.actors.requester, "order", { messageName: "order-received" }, deps())).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await triggerMessageStart(rt.actors.operator, "order", { messageName: "something-else" }, deps())).toMatchObject({ ok: false, code: "VALIDATION", fields: { messageName: expect.any(String) } });
    expect(await triggerMessageStart(rt.actors.operator, "expense-approval", { messageName: "order-received" }, deps())).toMatchObject({ ok: false, code: "VALIDATION" });
  });
});
