// Forms end to end over the real routes and database: deploy `.form` files next to a model through
// Baton's REST deploy (multipart and JSON), /v2/deployments and /engine-rest/deployment/create;
// versions by form id; resolution by form id, pinned version and Camunda 7 file name; a task with
// a form refuses bad data with 400 naming the field (the task stays open) and completes with good
// data; a person's start is checked against the start form.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, ORG_A, ORG_B, ROLE_USERS, type ApiFixture } from "@/server/testing/api-fixture";
import type { Actor } from "@/server/authz/actor";

const dir = path.join(import.meta.dirname, "__fixtures__");
const text = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");
const file = (name: string, body = text(name)) => new File([body], name);

let f: ApiFixture;
let routes: {
  definitions: typeof import("@/app/api/v1/definitions/route");
  v2: typeof import("@/app/v2/deployments/route");
  c7: typeof import("@/app/engine-rest/deployment/create/route");
  instances: typeof import("@/app/api/v1/instances/route");
  complete: typeof import("@/app/api/v1/tasks/[id]/complete/route");
};
let forms: typeof import("./resolve-form");

beforeAll(async () => {
  f = await createApiFixture("forms");
  routes = {
    definitions: await import("@/app/api/v1/definitions/route"),
    v2: await import("@/app/v2/deployments/route"),
    c7: await import("@/app/engine-rest/deployment/create/route"),
    instances: await import("@/app/api/v1/instances/route"),
    complete: await import("@/app/api/v1/tasks/[id]/complete/route"),
  };
  forms = await import("./resolve-form");
});
afterAll(async () => f?.close());

const multipart = (handler: (r: Request) => Promise<Response>, url: string, form: FormData, token = f.tokens.admin) =>
  handler(new Request(`http://baton.test${url}`, { method: "POST", body: form, headers: { authorization: `Bearer ${token}` } })).then(async (res) => ({ status: res.status, body: await res.json() }));

const openTask = async (instanceId: string, elementId: string) =>
  f.db.task.findFirstOrThrow({ where: { instanceId, elementId, status: "OPEN" } });

describe("deploying forms", () => {
  it("REST multipart: a model with two .form files; the same again creates no version; audited", async () => {
    const form = new FormData();
    form.append("file", file("forms-process.bpmn"));
    form.append("file", file("invoice-v4.form"));
    form.append("forms", file("expense-v16.form"));
    const first = await multipart(routes.definitions.POST, "/api/v1/definitions", form);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.forms).toMatchObject([
      { formId: "invoice-check", version: 1, fileName: "invoice-v4.form", isNew: true },
      { formId: "expense-report", version: 1, fileName: "expense-v16.form", isNew: true },
    ]);
    const again = await multipart(routes.definitions.POST, "/api/v1/definitions", form);
    expect(again.status).toBe(200);
    expect(again.body.forms.map((x: { isNew: boolean }) => x.isNew)).toEqual([false, false]);
    expect(await f.db.formDefinition.count({ where: { organizationId: ORG_A } })).toBe(2);
    expect(await f.db.auditEvent.count({ where: { organizationId: ORG_A, type: "form.deployed" } })).toBe(2);
  });

  it("refuses a malformed form with 400 naming the file, and deploys nothing of the request", async () => {
    const form = new FormData();
    form.append("file", file("forms-process.bpmn", text("forms-process.bpmn").replace("Forms demo", "Forms demo v2")));
    form.append("file", file("broken.form", "{ not json"));
    const res = await multipart(routes.definitions.POST, "/api/v1/definitions", form);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("forms.broken.form");
    expect(await f.db.processDefinition.count({ where: { key: "forms-demo" } })).toBe(1);
  });

  it("REST JSON `forms` and /v2/deployments (a form alone) store new versions by form id", async () => {
    const changed = text("invoice-v4.form").replace('"Urgent"', '"Urgent?"');
    const json = await f.call(routes.definitions.POST, { method: "POST", path: "/definitions", token: f.tokens.designer, body: { forms: [{ fileName: "invoice-v4.form", text: changed }] } });
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect(json.body.forms[0]).toMatchObject({ formId: "invoice-check", version: 2, isNew: true });

    const v2 = new FormData();
    v2.append("resources", file("travel-v10.form"));
    const res = await multipart(routes.v2.POST, "/v2/deployments", v2);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.deployments[0].form).toMatchObject({ formId: "travel-request", version: 1, resourceName: "travel-v10.form", formKey: expect.stringMatching(/^\d+$/) });
  });

  it("/engine-rest/deployment/create takes a model with its .form", async () => {
    const c7 = new FormData();
    c7.append("deployment-name", "forms");
    c7.append("data", file("forms-process.bpmn"));
    c7.append("expense", file("expense-v16.form", text("expense-v16.form").replace('"Why express?"', '"Why express, please?"')));
    const res = await multipart(routes.c7.POST, "/engine-rest/deployment/create", c7);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = await f.db.formDefinition.findMany({ where: { formId: "expense-report" }, orderBy: { version: "asc" } });
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    // a role that may not deploy models may not deploy forms either
    const denied = new FormData();
    denied.append("resources", file("travel-v10.form", text("travel-v10.form").replace("Travel request", "Trip")));
    expect((await multipart(routes.v2.POST, "/v2/deployments", denied, f.tokens.user)).status).toBe(403);
  });
});

describe("resolving forms", () => {
  it("by form id (latest or pinned), by Camunda 7 file name, inline; never another organization's", async () => {
    expect(await forms.resolveFormRef(f.db, ORG_A, JSON.stringify({ key: "invoice-check" }))).toMatchObject({ formId: "invoice-check", version: 2 });
    expect(await forms.resolveFormRef(f.db, ORG_A, JSON.stringify({ key: "invoice-check", version: 1 }))).toMatchObject({ version: 1 });
    const byFile = await forms.resolveFormRef(f.db, ORG_A, JSON.stringify({ key: "camunda-forms:deployment:expense-v16.form" }));
    expect(byFile).toMatchObject({ formId: "expense-report", version: 2 });
    expect(await forms.resolveFormRef(f.db, ORG_A, JSON.stringify({ inline: '{"id":"x","components":[]}' }))).toEqual({ formId: "x", version: null, schema: { id: "x", components: [] } });
    expect(await forms.resolveFormRef(f.db, ORG_A, JSON.stringify({ key: "embedded:app:forms/a.html" }))).toBeNull();
    expect(await forms.resolveFormRef(f.db, ORG_B, JSON.stringify({ key: "invoice-check" }))).toBeNull();
    expect(await forms.resolveFormRef(f.db, ORG_A, null)).toBeNull();
    expect(await forms.resolveStartForm(f.db, ORG_A, "forms-demo")).toMatchObject({ formId: "invoice-check", version: 2 });
    expect(await forms.resolveStartForm(f.db, ORG_B, "forms-demo")).toBeNull();
  });
});

describe("completing a task with a form", () => {
  it("answers 400 naming the missing field and keeps the task open; good data completes and writes only the form's fields", async () => {
    const s = await f.call(routes.instances.POST, { method: "POST", path: "/instances", token: f.tokens.operator, body: { key: "forms-demo", variables: {} } });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const check = await openTask(s.body.id, "check");
    const complete = (variables: Record<string, unknown>) => f.call(routes.complete.POST, { method: "POST", token: f.tokens.admin, params: { id: check.id }, body: { variables } });

    const missing = await complete({ invoiceNumber: "INV-1", currency: "EUR", checks: ["order"] });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "VALIDATION", message: "amount: Field is required.", details: { fields: { amount: "Field is required." } } });
    expect((await f.db.task.findUniqueOrThrow({ where: { id: check.id } })).status).toBe("OPEN");

    const unknown = await complete({ invoiceNumber: "INV-1", amount: 10, currency: "EUR", checks: ["order"], approved: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields).toEqual({ approved: "Not a field of this form." });

    const done = await complete({ invoiceNumber: "INV-1", amount: "10", currency: "EUR", checks: ["order"] });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe("COMPLETED");
    // the next task sees the written values, typed as the form types them
    const report = await openTask(s.body.id, "report");
    expect(report.variables).toMatchObject({ invoiceNumber: "INV-1", amount: 10, currency: "EUR", checks: ["order"] });

    // Camunda 7 clients see the key as modelled (the column holds the engine's FormRef as JSON)
    const c7Tasks = await import("@/app/engine-rest/task/route");
    const listed = await c7Tasks.GET(new Request(`http://baton.test/engine-rest/task?processInstanceId=${s.body.id}`, { headers: { authorization: `Bearer ${f.tokens.admin}` } }));
    expect((await listed.json()).map((t: { formKey: string }) => t.formKey)).toEqual(["camunda-forms:deployment:expense-v16.form"]);

    // the Camunda 7 file-name form: a dynamic list row's field is named by its path
    const bad = await f.call(routes.complete.POST, { method: "POST", token: f.tokens.admin, params: { id: report.id }, body: { variables: { requester: { name: "Rita" }, approvalPath: "standard", items: [{ cost: 5 }] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toEqual({ "items.0.description": "Field is required." });
    const ok = await f.call(routes.complete.POST, { method: "POST", token: f.tokens.admin, params: { id: report.id }, body: { variables: { requester: { name: "Rita" }, approvalPath: "standard", items: [{ description: "Taxi", cost: 5 }] } } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});

describe("starting with a start form", () => {
  const person = async (): Promise<Actor> => {
    const u = await f.db.user.findUniqueOrThrow({ where: { id: ROLE_USERS.operator } });
    return { userId: u.id, organizationId: ORG_A, email: u.email, name: u.name ?? u.email, roles: ["operator"], groups: [], via: "session" };
  };

  it("checks a person's start against the start form; API tokens start with any variables", async () => {
    const { startInstance } = await import("@/server/commands/instances/start-instance");
    const actor = await person();
    await expect(startInstance(actor, { key: "forms-demo", variables: { invoiceNumber: "INV-7", currency: "EUR", checks: ["order"], note: "x" } })).rejects.toMatchObject({
      code: "VALIDATION",
      details: { fields: { amount: "Field is required.", note: "Not a field of this form." } },
    });
    const ok = await startInstance(actor, { key: "forms-demo", variables: { invoiceNumber: "INV-7", amount: 70, currency: "EUR", checks: ["order"] } });
    expect(ok.status).toBe("ACTIVE");
    expect((await openTask(ok.id, "check")).variables).toMatchObject({ invoiceNumber: "INV-7", amount: 70 });
    const viaToken = await f.call(routes.instances.POST, { method: "POST", path: "/instances", token: f.tokens.operator, body: { key: "forms-demo", variables: { anything: 1 } } });
    expect(viaToken.status).toBe(201);
  });
});
