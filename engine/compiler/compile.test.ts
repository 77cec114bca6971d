import { describe, expect, it } from "vitest";
import { compile } from "./index";
import { validateBpmn } from "../validate";
import { around, definitions, fixture } from "./__fixtures__/inline";
import type { CompiledProcess, ElementDef } from "../model/types";

async function compiled(xml: string, processId: string): Promise<CompiledProcess> {
  const result = await compile(xml);
  expect(result.errors).toEqual([]);
  expect(result.unsupported).toEqual([]);
  expect(result.ok).toBe(true);
  const process = result.model?.processes[processId];
  if (!process) throw new Error(`process ${processId} missing`);
  return process;
}

function el(process: CompiledProcess, id: string): ElementDef {
  const def = process.elements[id];
  if (!def) throw new Error(`element ${id} missing`);
  return def;
}

describe("compile: Camunda 7 attributes", async () => {
  const p = await compiled(fixture("camunda7.bpmn"), "invoice");

  it("maps user task assignment, dates, priority and formKey (JUEL translated to FEEL)", () => {
    expect(el(p, "approve").userTask).toEqual({
      assignee: "approver",
      candidateUsers: '["anna", "ben"]',
      candidateGroups: '["accounting", "management"]',
      dueDate: '"2030-01-31T09:00:00Z"',
      followUpDate: "followUp",
      priority: "70",
      form: { key: "embedded:app:forms/approve.html" },
    });
    expect(el(p, "review").userTask).toEqual({ candidateGroups: "reviewers" });
  });

  it("maps camunda:formRef with a pinned version", () => {
    expect(el(p, "check").userTask?.form).toEqual({ key: "checkForm", version: 3 });
  });

  it("maps camunda:inputOutput including lists and maps", () => {
    const approve = el(p, "approve");
    expect(approve.inputs).toEqual([
      { source: '"1000"', target: "limit" },
      { source: "amount * 2", target: "total" },
      { source: '["anna", boss]', target: "approvers" },
      { source: '{"source": "c7"}', target: "meta" },
    ]);
    expect(approve.outputs).toEqual([{ source: "approved", target: "decision" }]);
  });

  it("maps external tasks to jobs and lists their topics", async () => {
    expect(el(p, "book").service).toEqual({ kind: "job", type: "book-invoice" });
    const result = await compile(fixture("camunda7.bpmn"));
    expect(result.jobTypes).toEqual(["book-invoice"]);
    expect(result.info).toContainEqual({ type: "job", message: 'needs a worker for job type "book-invoice"' });
  });

  it("translates JUEL conditions and keeps the default flow", () => {
    expect(p.flows.f3).toMatchObject({ condition: "approved and amount > 1000", isDefault: false });
    expect(p.flows.f4).toMatchObject({ isDefault: true });
    expect(p.flows.f4.condition).toBeUndefined();
    expect(el(p, "gw").default).toBe("f4");
  });

  it("maps multi-instance collection, element variable and completion condition", () => {
    expect(el(p, "check").multiInstance).toEqual({
      isSequential: true,
      inputCollection: "items",
      inputElement: "item",
      completionCondition: "nrOfCompletedInstances >= 2",
    });
  });

  it("maps calledElement with version binding and camunda:in/out", () => {
    const archive = el(p, "archive");
    expect(archive.callActivity).toEqual({
      processId: "archiving",
      binding: "version",
      version: 2,
      propagateAllParentVariables: false,
      propagateAllChildVariables: true,
    });
    expect(archive.inputs).toEqual([
      { source: "invoiceId", target: "documentId" },
      { source: "amount + 1", target: "total" },
    ]);
  });

  it("reads boundary timers, versionTag, and notes camunda:asyncBefore as ignored", async () => {
    expect(el(p, "reviewTimeout")).toMatchObject({
      attachedTo: "review",
      cancelActivity: false,
      eventDefinition: { kind: "timer", timer: { kind: "duration", expression: "P2D", isExpression: false } },
    });
    expect(p.versionTag).toBe("v7");
    const result = await compile(fixture("camunda7.bpmn"));
    expect(result.info).toContainEqual(expect.objectContaining({ id: "start", message: expect.stringContaining("camunda:asyncBefore is ignored") }));
  });
});

describe("compile: Camunda 8 (zeebe) extensions", async () => {
  const p = await compiled(fixture("zeebe.bpmn"), "order");

  it("maps assignment, schedule, priority, formId and io mappings", () => {
    const approve = el(p, "approve");
    expect(approve.userTask).toEqual({
      assignee: "requester.manager",
      candidateGroups: '["sales", "finance"]',
      candidateUsers: '["anna"]',
      dueDate: 'now() + duration("P1D")',
      followUpDate: '"2030-01-01T10:00:00Z"',
      priority: "80",
      form: { key: "approve-order" },
    });
    expect(approve.inputs).toEqual([
      { source: "order.total", target: "total" },
      { source: '"static text"', target: "note" },
    ]);
    expect(approve.outputs).toEqual([{ source: "approved", target: "result.approved" }]);
  });

  it("inlines an embedded zeebe:userTaskForm", () => {
    expect(el(p, "confirm").userTask?.form).toEqual({ inline: '{"components":[{"key":"ok","type":"checkbox"}]}' });
  });

  it("maps taskDefinition type, retries and headers; business rule tasks with a job run as jobs", () => {
    expect(el(p, "charge").service).toEqual({
      kind: "job",
      type: "payment-charge",
      retries: 5,
      headers: { provider: "stripe", mode: "live" },
    });
    expect(el(p, "score").service).toEqual({ kind: "job", type: "risk-score" });
    expect(el(p, "notify")).toMatchObject({ service: { kind: "job", type: "notify" }, eventDefinition: { kind: "message", name: "" } });
  });

  it("maps zeebe:script, loopCharacteristics, calledElement and subscriptions", () => {
    expect(el(p, "sum").script).toEqual({ expression: "sum(for l in lines return l.price)", resultVariable: "total" });
    expect(el(p, "ship").multiInstance).toEqual({
      isSequential: false,
      inputCollection: "lines",
      inputElement: "line",
      outputCollection: "tracking",
      outputElement: "trackingNo",
    });
    expect(el(p, "invoice").callActivity).toEqual({
      processId: "invoicing",
      binding: "latest",
      propagateAllChildVariables: false,
      propagateAllParentVariables: true,
    });
    expect(el(p, "wait").eventDefinition).toEqual({ kind: "message", name: "document-received", correlationKeyExpr: "documentId" });
    expect(el(p, "paid").eventDefinition).toEqual({ kind: "message", name: "invoice-paid", correlationKeyExpr: "invoiceId" });
    expect(p.versionTag).toBe("2.1");
  });

  it("compiles a job-based script task as a service task, and a send task with a message as a publish", async () => {
    const xml = definitions(`<bpmn:message id="M" name="order-shipped" />
      <bpmn:process id="p" isExecutable="true">
        <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" />
        <bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="py-script" /></bpmn:extensionElements></bpmn:scriptTask>
        <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="send" />
        <bpmn:sendTask id="send" messageRef="M" /><bpmn:sequenceFlow id="f3" sourceRef="send" targetRef="e" />
        <bpmn:endEvent id="e" />
      </bpmn:process>`);
    const p2 = await compiled(xml, "p");
    expect(el(p2, "x")).toMatchObject({ type: "serviceTask", service: { kind: "job", type: "py-script" } });
    expect(el(p2, "send").eventDefinition).toEqual({ kind: "message", name: "order-shipped" });
  });

  it("lists every job type once, sorted", async () => {
    const result = await compile(fixture("zeebe.bpmn"));
    expect(result.jobTypes).toEqual(["notify", "payment-charge", "risk-score", "ship-line"]);
  });
});

describe("compile: baton attributes", async () => {
  const p = await compiled(fixture("baton.bpmn"), "purchase");

  it("maps assignment, dates, priority, form, SLA with escalation and separation of duties", () => {
    expect(el(p, "request").userTask).toEqual({ assignee: "initiator", form: { key: "purchase-request" } });
    expect(el(p, "approve").userTask).toEqual({
      candidateGroups: '["finance-approvers", "cfo"]',
      candidateUsers: "approvers",
      dueDate: 'now() + duration("P3D")',
      followUpDate: '"2030-05-01T08:00:00Z"',
      priority: "if amount > 10000 then 90 else 50",
      form: { key: "purchase-approval" },
      sla: { duration: "PT4H", escalateTo: '["finance-leads"]' },
      excludeParticipantsOf: ["request"],
    });
  });

  it("maps baton:http with FEEL url, headers and body", () => {
    expect(el(p, "order").service).toEqual({
      kind: "http",
      method: "POST",
      url: '"https://erp.example.com/orders/" + orderId',
      headers: { Authorization: '"Bearer " + token', "X-Source": '"baton"' },
      body: "{ item: item, amount: amount }",
      timeoutMs: 30_000,
      retries: 3,
      retryBackoffMs: 10_000,
      resultVariable: "erpResponse",
    });
  });

  it("maps baton:jobType", async () => {
    expect(el(p, "notify").service).toEqual({ kind: "job", type: "send-mail", retries: 2 });
    expect((await compile(fixture("baton.bpmn"))).jobTypes).toEqual(["send-mail"]);
  });

  it("baton wins over zeebe, which wins over camunda", async () => {
    const xml = around(`<bpmn:userTask id="x" camunda:assignee="c7" baton:assignee="baton">
      <bpmn:extensionElements><zeebe:assignmentDefinition assignee="zeebe" candidateGroups="z" /></bpmn:extensionElements>
    </bpmn:userTask>`);
    const p2 = await compiled(xml, "p");
    expect(el(p2, "x").userTask).toMatchObject({ assignee: '"baton"', candidateGroups: '["z"]' });
  });

  it("rejects separation of duties against something that is not a user task", async () => {
    const result = await compile(around(`<bpmn:userTask id="x" baton:excludeParticipantsOf="start, nope" />`));
    expect(result.errors.map((e) => e.message)).toEqual([
      'baton:excludeParticipantsOf refers to "start", which is not a user task of this process',
      'baton:excludeParticipantsOf refers to "nope", which is not a user task of this process',
    ]);
  });

  it("rejects a bad SLA and an http call without url", async () => {
    const result = await compile(
      around(`<bpmn:userTask id="x" baton:sla="4 hours" />`, `<bpmn:serviceTask id="h"><bpmn:extensionElements><baton:http method="GET" /></bpmn:extensionElements></bpmn:serviceTask>`),
    );
    expect(result.errors).toContainEqual(expect.objectContaining({ id: "x", message: expect.stringContaining('baton:sla "4 hours"') }));
    expect(result.errors).toContainEqual(expect.objectContaining({ id: "h", message: "baton:http needs a url" }));
  });
});

describe("compile: collaborations and results", () => {
  it("compiles every executable pool and lists ignored artifacts once per kind", async () => {
    const result = await compile(fixture("collaboration.bpmn"));
    expect(result.ok).toBe(true);
    expect(result.processes).toEqual([
      { id: "customer", name: "Customer" },
      { id: "shop", name: "Shop" },
    ]);
    expect(Object.keys(result.model?.processes ?? {})).toEqual(["customer", "shop"]);
    const ignored = result.info.map((i) => i.type);
    for (const kind of [
      "bpmn:Lane",
      "bpmn:MessageFlow",
      "bpmn:TextAnnotation",
      "bpmn:Group",
      "bpmn:Association",
      "bpmn:DataObject",
      "bpmn:DataObjectReference",
      "bpmn:DataStore",
      "bpmn:DataStoreReference",
      "bpmn:Process",
    ]) {
      expect(ignored.filter((t) => t === kind), kind).toHaveLength(1);
    }
    expect(result.info).toContainEqual({
      type: "bpmn:Process",
      message: "non-executable processes ignored on purpose: no effect on execution (1: bank)",
    });
  });

  it("compiles a lone process without isExecutable, but not one marked false", async () => {
    const body = `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" /><bpmn:endEvent id="e" />`;
    expect((await compile(definitions(`<bpmn:process id="p">${body}</bpmn:process>`))).ok).toBe(true);
    const off = await compile(definitions(`<bpmn:process id="p" isExecutable="false">${body}</bpmn:process>`));
    expect(off.ok).toBe(false);
    expect(off.errors).toEqual([
      { type: "bpmn:Definitions", message: 'no executable process: set isExecutable="true" on the process to run (found p)' },
    ]);
  });

  it("produces a sha-256 checksum and a model only when ok", async () => {
    const good = await compile(fixture("good.bpmn"));
    expect(good.checksum).toMatch(/^[0-9a-f]{64}$/);
    const { createHash } = await import("node:crypto");
    expect(good.checksum).toBe(createHash("sha256").update(fixture("good.bpmn")).digest("hex"));
    expect(good.model?.schemaVersion).toBe(1);
    expect(good.model?.processes.expense.elements.approve).toEqual({
      id: "approve",
      type: "userTask",
      name: "Approve",
      parent: null,
      incoming: ["f1"],
      outgoing: ["f2"],
      userTask: {},
    });
    const bad = await compile(fixture("unsupported.bpmn"));
    expect(bad.ok).toBe(false);
    expect(bad.model).toBeUndefined();
  });

  it("validateBpmn returns the same verdict without model or checksum", async () => {
    const v = await validateBpmn(fixture("zeebe.bpmn"));
    expect(Object.keys(v).sort()).toEqual(["errors", "info", "jobTypes", "ok", "processes", "unsupported"]);
    expect(v.ok).toBe(true);
    expect(v.jobTypes).toContain("payment-charge");
  });
});
