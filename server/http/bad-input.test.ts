// Inputs PostgreSQL or the JSON stack cannot take (NUL, lone surrogates, controls in ids, JSON
// nested thousands deep) are refused at the boundary with a 400 naming the field, in each
// surface's own error shape: never a 500. One case per defect the audit of issue 17 found.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, type ApiFixture } from "@/server/testing/api-fixture";
import { MAX_JSON_BODY_CHARS, MAX_JSON_DEPTH, MAX_VARIABLES_CHARS } from "../input-limits";

const NUL = "\u0000";
const approval = fs.readFileSync(path.join(import.meta.dirname, "../../app/api/v1/__fixtures__/approval.bpmn"), "utf8");

let f: ApiFixture;
let v1: {
  instances: typeof import("@/app/api/v1/instances/route");
  instance: typeof import("@/app/api/v1/instances/[id]/route");
  variables: typeof import("@/app/api/v1/instances/[id]/variables/route");
  tasks: typeof import("@/app/api/v1/tasks/route");
  delegate: typeof import("@/app/api/v1/tasks/[id]/delegate/route");
  definitions: typeof import("@/app/api/v1/definitions/route");
  versions: typeof import("@/app/api/v1/definitions/key/[key]/versions/route");
};
let taskId: string;
let instanceId: string;

/** `n` nested arrays around 1, built without recursion. */
function deepArray(n: number): string {
  return `${"[".repeat(n)}1${"]".repeat(n)}`;
}
function deepObject(n: number): string {
  return `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
}

beforeAll(async () => {
  f = await createApiFixture("bad-input");
  v1 = {
    instances: await import("@/app/api/v1/instances/route"),
    instance: await import("@/app/api/v1/instances/[id]/route"),
    variables: await import("@/app/api/v1/instances/[id]/variables/route"),
    tasks: await import("@/app/api/v1/tasks/route"),
    delegate: await import("@/app/api/v1/tasks/[id]/delegate/route"),
    definitions: await import("@/app/api/v1/definitions/route"),
    versions: await import("@/app/api/v1/definitions/key/[key]/versions/route"),
  };
  const d = await f.call(v1.definitions.POST, { method: "POST", token: f.tokens.admin, body: approval, headers: { "content-type": "application/xml" } });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const s = await f.call(v1.instances.POST, { method: "POST", token: f.tokens.operator, body: { key: "approval" } });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  instanceId = s.body.id;
  const t = await f.call(v1.tasks.GET, { path: `/tasks?instanceId=${instanceId}`, token: f.tokens.admin });
  taskId = t.body.items[0].id;
});
afterAll(async () => f?.close());

/** A 400 in the product's shape whose message and details name `field`. */
function expectValidation(res: { status: number; body: { error?: { code: string; message: string; details: Record<string, unknown> } } }, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error?.code).toBe("VALIDATION");
  expect(res.body.error?.message).toContain(field);
  expect(JSON.stringify(res.body.error?.details)).toContain(field);
}

describe("/api/v1 refuses what PostgreSQL cannot store", () => {
  it("NUL in a path id", async () => {
    expectValidation(await f.call(v1.instance.GET, { token: f.tokens.admin, params: { id: `a${NUL}b` } }), "params.id");
    expectValidation(await f.call(v1.versions.GET, { token: f.tokens.admin, params: { key: `k${NUL}` } }), "params.key");
  });

  it("NUL (and other controls) in a query value", async () => {
    expectValidation(await f.call(v1.instances.GET, { path: "/instances?businessKey=a%00b", token: f.tokens.admin }), "query.businessKey");
    expectValidation(await f.call(v1.tasks.GET, { path: "/tasks?processKey=a%01b", token: f.tokens.admin }), "query.processKey");
  });

  it("NUL in a business key, a variable name and a variable value", async () => {
    const start = (body: unknown) => f.call(v1.instances.POST, { method: "POST", token: f.tokens.operator, body });
    expectValidation(await start({ key: "approval", businessKey: `order${NUL}1` }), "body.businessKey");
    expectValidation(await start({ key: "approval", variables: { [`a${NUL}`]: 1 } }), "body.variables");
    expectValidation(await start({ key: "approval", variables: { note: `x${NUL}y` } }), "body.variables.note");
    expectValidation(await start({ key: "approval", variables: { note: "\ud800" } }), "body.variables.note");
    // Newlines and tabs in text are legitimate.
    const ok = await start({ key: "approval", variables: { note: "line 1\nline 2\ttab" } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it("NUL in a user id", async () => {
    const res = await f.call(v1.delegate.POST, { method: "POST", token: f.tokens.admin, params: { id: taskId }, body: { userId: `u${NUL}` } });
    expectValidation(res, "body.userId");
  });

  it("variables nested 5,000 deep and a 100,000-deep array", async () => {
    for (const value of [deepObject(5_000), deepArray(100_000)]) {
      const res = await f.call(v1.instances.POST, { method: "POST", token: f.tokens.operator, body: `{"key":"approval","variables":{"x":${value}}}` });
      expectValidation(res, "body.variables.x");
      expect(res.body.error.message).toContain(String(MAX_JSON_DEPTH));
    }
    const put = await f.call(v1.variables.PUT, { method: "PUT", token: f.tokens.operator, params: { id: instanceId }, body: `{"variables":{"x":${deepArray(100_000)}}}` });
    expectValidation(put, "body.variables.x");
    // The limit itself is allowed.
    const atLimit = await f.call(v1.instances.POST, { method: "POST", token: f.tokens.operator, body: `{"key":"approval","variables":{"x":${deepArray(MAX_JSON_DEPTH)}}}` });
    expect(atLimit.status, JSON.stringify(atLimit.body)).toBe(201);
  });

  it("variables over the size limit, a control character in a variable name, a body over its limit", async () => {
    const start = (body: unknown) => f.call(v1.instances.POST, { method: "POST", token: f.tokens.operator, body });
    const big = await start({ key: "approval", variables: { blob: "x".repeat(MAX_VARIABLES_CHARS) } });
    expectValidation(big, "body.variables");
    expect(big.body.error.message).toContain(String(MAX_VARIABLES_CHARS));
    expectValidation(await start({ key: "approval", variables: { "a\tb": 1 } }), "body.variables");
    // Below the size limit a large value is fine.
    expect((await start({ key: "approval", variables: { blob: "x".repeat(100_000) } })).status).toBe(201);
    const huge = await f.call(v1.instances.POST, { method: "POST", token: f.tokens.operator, body: `{"key":"approval","pad":"${"x".repeat(MAX_JSON_BODY_CHARS)}"}` });
    expectValidation(huge, "body");
  });

  it("a BPMN model with NUL in a name, literal or as a character reference", async () => {
    const deploy = (xml: string) => f.call(v1.definitions.POST, { method: "POST", token: f.tokens.admin, body: xml, headers: { "content-type": "application/xml" } });
    expectValidation(await deploy(approval.replace('name="API approval"', `name="API${NUL}approval"`)), "body.xml");
    expectValidation(await deploy(approval.replace('name="API approval"', 'name="API&#0;approval"')), "body.xml");
    expectValidation(await deploy(approval.replace('name="Approve"', 'name="Appro&#xD800;ve"')), "body.xml");
    const json = await f.call(v1.definitions.POST, { method: "POST", token: f.tokens.admin, body: { xml: approval, fileName: `a${NUL}.bpmn` } });
    expectValidation(json, "body.fileName");
  });
});

describe("/v2 (Camunda 8) answers a Problem Detail", () => {
  const problem400 = (res: { status: number; body: Record<string, unknown> }, field: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject({ title: "INVALID_ARGUMENT", status: 400 });
    expect(String(res.body.detail)).toContain(field);
  };

  it("POST /v2/oauth/token with a JSON body of null, a list or a string", async () => {
    const { POST } = await import("@/app/v2/oauth/token/route");
    for (const body of ["null", "[1]", '"x"', "{"]) {
      const res = await f.call(POST, { method: "POST", body });
      expect(res.status, body).toBe(400);
      expect(res.body.error).toBe("invalid_request");
    }
  });

  it("NUL in a path key, a variable and an assignee", async () => {
    const instance = await import("@/app/v2/process-instances/[processInstanceKey]/route");
    problem400(await f.call(instance.GET, { token: f.tokens.admin, params: { processInstanceKey: `1${NUL}` } }), "params.processInstanceKey");
    const create = await import("@/app/v2/process-instances/route");
    problem400(await f.call(create.POST, { method: "POST", token: f.tokens.admin, body: { processDefinitionId: "approval", variables: { [`a${NUL}`]: 1 } } }), "body.variables");
    problem400(await f.call(create.POST, { method: "POST", token: f.tokens.admin, body: `{"processDefinitionId":"approval","variables":{"x":${deepArray(100_000)}}}` }), "body.variables.x");
    const assign = await import("@/app/v2/user-tasks/[userTaskKey]/assignment/route");
    problem400(await f.call(assign.POST, { method: "POST", token: f.tokens.admin, params: { userTaskKey: "1" }, body: { assignee: `u${NUL}` } }), "body.assignee");
  });
});

describe("/engine-rest (Camunda 7) answers { type, message }", () => {
  const c7400 = (res: { status: number; body: Record<string, unknown> }, field: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.type).toBe("InvalidRequestException");
    expect(String(res.body.message)).toContain(field);
  };

  it("NUL in a path key, a business key, a typed variable, Json text and a user id", async () => {
    const start = await import("@/app/engine-rest/process-definition/key/[key]/start/route");
    c7400(await f.call(start.POST, { method: "POST", token: f.tokens.admin, params: { key: `approval${NUL}` }, body: {} }), "params.key");
    c7400(await f.call(start.POST, { method: "POST", token: f.tokens.admin, params: { key: "approval" }, body: { businessKey: `b${NUL}` } }), "body.businessKey");
    c7400(await f.call(start.POST, { method: "POST", token: f.tokens.admin, params: { key: "approval" }, body: { variables: { x: { value: `v${NUL}`, type: "String" } } } }), "body.variables.x");
    // Json text is parsed after the boundary: its content is checked too.
    const jsonText = JSON.stringify({ a: NUL });
    c7400(await f.call(start.POST, { method: "POST", token: f.tokens.admin, params: { key: "approval" }, body: { variables: { x: { value: jsonText, type: "Json" } } } }), "x");
    c7400(await f.call(start.POST, { method: "POST", token: f.tokens.admin, params: { key: "approval" }, body: { variables: { x: { value: deepArray(100_000), type: "Json" } } } }), "x");
    const claim = await import("@/app/engine-rest/task/[id]/claim/route");
    c7400(await f.call(claim.POST, { method: "POST", token: f.tokens.admin, params: { id: taskId }, body: { userId: `u${NUL}` } }), "body.userId");
    // HTTP Basic with a user name no user can have: 401, as any unknown user.
    const basic = `Basic ${Buffer.from(`a${NUL}b@test.local:pw`).toString("base64")}`;
    const unauth = await f.call(claim.POST, { method: "POST", params: { id: taskId }, headers: { authorization: basic }, body: { userId: "x" } });
    expect(unauth.status, JSON.stringify(unauth.body)).toBe(401);
    expect(unauth.body.type).toBe("AuthenticationException");
    const tasks = await import("@/app/engine-rest/task/route");
    c7400(await f.call(tasks.GET, { path: "/task?processInstanceId=a%00", token: f.tokens.admin }), "query.processInstanceId");
  });
});
