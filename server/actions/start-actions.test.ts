// The start page's actions on the real database: a plain user starts with no data (or through
// the start form), designers may pass variables, operators trigger message start events; every
// refusal is a result naming the field, never a throw.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../testing/runtime";
import { getProcessPage } from "../queries/definitions/process-page";
import { startModeFor, startRequest, triggerMessageStart } from "./start-actions";

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

// A start form embedded in the model (zeebe:userTaskForm), so the test needs no form deploy.
const startFormJson = JSON.stringify({
  id: "trip-start", schemaVersion: 16, type: "default",
  components: [
    { id: "f1", key: "amount", label: "Amount", type: "number", validate: { required: true, min: 1 } },
    { id: "f2", key: "purpose", label: "Purpose", type: "textfield" },
  ],
});
const formXml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d2" targetNamespace="t">
  <bpmn:process id="trip" name="Trip" isExecutable="true">
    <bpmn:documentation>Book a business trip.</bpmn:documentation>
    <bpmn:extensionElements><zeebe:userTaskForm id="startForm">${startFormJson.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</zeebe:userTaskForm></bpmn:extensionElements>
    <bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:startForm" /></bpmn:extensionElements></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="book" />
    <bpmn:userTask id="book" name="Book" />
    <bpmn:sequenceFlow id="f2" sourceRef="book" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe("start actions", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime("start_actions");
    await rt.deploy(expenseXml);
    await rt.deploy(messageStartXml);
    await rt.deploy(formXml);
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

  it("starts through the model's start form: its fields only, errors at the field", async () => {
    expect(await startModeFor(rt.actors.requester, "trip", deps())).toMatchObject({ kind: "form", form: { schema: { id: "trip-start" } } });
    expect(await startModeFor(rt.actors.requester, "expense-approval", deps())).toEqual({ kind: "none" });
    expect(await startModeFor(rt.actors.admin, "expense-approval", deps())).toEqual({ kind: "variables" });
    const missing = await startRequest(rt.actors.requester, "trip", { variables: { purpose: "fair" } }, deps());
    expect(missing).toMatchObject({ ok: false, code: "VALIDATION", fields: { amount: expect.any(String) } });
    // A field the form does not define is refused, not silently written.
    expect(await startRequest(rt.actors.requester, "trip", { variables: { amount: 1500, sneaky: true } }, deps())).toMatchObject({ ok: false, code: "VALIDATION", fields: { sneaky: expect.any(String) } });
    const ok = await startRequest(rt.actors.requester, "trip", { variables: { amount: 1500, purpose: "fair" } }, deps());
    if (!ok.ok) throw new Error(ok.message);
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: ok.value.instanceId } });
    expect(row.variables).toEqual({ amount: 1500, purpose: "fair" });
  });

  it("describes the process page: description, versions with who deployed them, message starts", async () => {
    const page = await getProcessPage(rt.actors.requester, "order", { db: rt.db });
    expect(page).toMatchObject({ name: "Order", version: 1, startable: false, messageStarts: [{ elementId: "by-message", name: "Order received", messageName: "order-received" }] });
    expect(page!.versions).toEqual([expect.objectContaining({ version: 1, deployedBy: "u_admin", instances: expect.any(Number) })]);
    expect((await getProcessPage(rt.actors.requester, "trip", { db: rt.db }))?.description).toBe("Book a business trip.");
    expect(await getProcessPage(rt.actors.other, "trip", { db: rt.db })).toBeNull();
    expect(await getProcessPage(rt.actors.requester, "bad key with spaces", { db: rt.db })).toBeNull();
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
