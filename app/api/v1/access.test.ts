// Every /api/v1 route, table-driven: 401 without credentials, 403 for a role (or token
// scope) that may not, 404 for another organization's id, and 400 naming the bad field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, OTHER_ADMIN, seedForeignRows, type ApiFixture, type CallOptions } from "@/server/testing/api-fixture";
import type { RoleName } from "@/server/authz/permissions";

type Handler = Parameters<ApiFixture["call"]>[0];
interface Case {
  name: string;
  handler: () => Promise<Handler>;
  method: string;
  path: string;
  /** A valid request (body, query) apart from ids. */
  ok?: Omit<CallOptions, "token" | "method" | "path">;
  /** Role that may not, or "scoped" for a token without the route's scope. */
  forbidden?: RoleName | "scoped";
  /** Params naming another organization's row (filled in beforeAll). */
  foreign?: () => Record<string, string>;
  malformed?: Omit<CallOptions, "token" | "method"> & { field: string };
}

let f: ApiFixture;
let foreign: Awaited<ReturnType<typeof seedForeignRows>>;
let foreignTokenId: string;

// Static imports (a template path would defeat the bundler's module resolution).
const m = (load: () => Promise<object>, method: string) => async () => ((await load()) as Record<string, Handler>)[method];
const json = (body: unknown) => ({ body });

const CASES: Case[] = [
  { name: "GET /definitions", handler: m(() => import("./definitions/route"), "GET"), method: "GET", path: "/definitions", forbidden: "auditor" },
  {
    name: "POST /definitions", handler: m(() => import("./definitions/route"), "POST"), method: "POST", path: "/definitions", forbidden: "operator",
    ok: { body: "<x/>", headers: { "content-type": "application/xml" } },
    malformed: { body: "hello", headers: { "content-type": "text/plain" }, field: "headers.content-type" },
  },
  { name: "GET /definitions/{id}", handler: m(() => import("./definitions/[id]/route"), "GET"), method: "GET", path: "/definitions/x", forbidden: "auditor", foreign: () => ({ id: foreign.definition.id }), malformed: { params: { id: "" }, field: "params.id" } },
  { name: "GET /definitions/key/{key}/versions", handler: m(() => import("./definitions/key/[key]/versions/route"), "GET"), method: "GET", path: "/definitions/key/x/versions", forbidden: "auditor", foreign: () => ({ key: foreign.definition.key }), malformed: { params: { key: "" }, field: "params.key" } },
  { name: "GET /instances", handler: m(() => import("./instances/route"), "GET"), method: "GET", path: "/instances", forbidden: "user", malformed: { path: "/instances?limit=500", field: "query.limit" } },
  { name: "POST /instances", handler: m(() => import("./instances/route"), "POST"), method: "POST", path: "/instances", forbidden: "auditor", ok: json({ key: "foreign" }), malformed: { body: { key: 5 }, field: "body.key" } },
  { name: "GET /instances/{id}", handler: m(() => import("./instances/[id]/route"), "GET"), method: "GET", path: "/instances/x", forbidden: "user", foreign: () => ({ id: foreign.instance.id }), malformed: { params: { id: "" }, field: "params.id" } },
  { name: "POST /instances/{id}/cancel", handler: m(() => import("./instances/[id]/cancel/route"), "POST"), method: "POST", path: "/instances/x/cancel", forbidden: "designer", ok: json({}), foreign: () => ({ id: foreign.instance.id }), malformed: { params: { id: "i" }, body: { reason: 5 }, field: "body.reason" } },
  { name: "PUT /instances/{id}/variables", handler: m(() => import("./instances/[id]/variables/route"), "PUT"), method: "PUT", path: "/instances/x/variables", forbidden: "user", ok: json({ variables: { a: 1 } }), foreign: () => ({ id: foreign.instance.id }), malformed: { params: { id: "i" }, body: { variables: "x" }, field: "body.variables" } },
  { name: "GET /tasks", handler: m(() => import("./tasks/route"), "GET"), method: "GET", path: "/tasks", forbidden: "auditor", malformed: { path: "/tasks?status=DONE", field: "query.status" } },
  { name: "GET /tasks/{id}", handler: m(() => import("./tasks/[id]/route"), "GET"), method: "GET", path: "/tasks/x", forbidden: "auditor", foreign: () => ({ id: foreign.task.id }), malformed: { params: { id: "" }, field: "params.id" } },
  { name: "POST /tasks/{id}/claim", handler: m(() => import("./tasks/[id]/claim/route"), "POST"), method: "POST", path: "/tasks/x/claim", forbidden: "auditor", foreign: () => ({ id: foreign.task.id }), malformed: { params: { id: "" }, field: "params.id" } },
  { name: "POST /tasks/{id}/unclaim", handler: m(() => import("./tasks/[id]/unclaim/route"), "POST"), method: "POST", path: "/tasks/x/unclaim", forbidden: "auditor", foreign: () => ({ id: foreign.task.id }), malformed: { params: { id: "" }, field: "params.id" } },
  { name: "POST /tasks/{id}/delegate", handler: m(() => import("./tasks/[id]/delegate/route"), "POST"), method: "POST", path: "/tasks/x/delegate", forbidden: "auditor", ok: json({ userId: "a_user" }), foreign: () => ({ id: foreign.task.id }), malformed: { params: { id: "t" }, body: {}, field: "body.userId" } },
  { name: "POST /tasks/{id}/complete", handler: m(() => import("./tasks/[id]/complete/route"), "POST"), method: "POST", path: "/tasks/x/complete", forbidden: "auditor", ok: json({}), foreign: () => ({ id: foreign.task.id }), malformed: { params: { id: "t" }, body: { variables: "x" }, field: "body.variables" } },
  { name: "POST /messages", handler: m(() => import("./messages/route"), "POST"), method: "POST", path: "/messages", forbidden: "user", ok: json({ name: "m" }), malformed: { body: { name: "" }, field: "body.name" } },
  { name: "GET /incidents", handler: m(() => import("./incidents/route"), "GET"), method: "GET", path: "/incidents", forbidden: "user", malformed: { path: "/incidents?status=NOPE", field: "query.status" } },
  { name: "POST /incidents/{id}/retry", handler: m(() => import("./incidents/[id]/retry/route"), "POST"), method: "POST", path: "/incidents/x/retry", forbidden: "designer", ok: json({}), foreign: () => ({ id: foreign.incident.id }), malformed: { params: { id: "i" }, body: { retries: 0 }, field: "body.retries" } },
  { name: "POST /tokens", handler: m(() => import("./tokens/route"), "POST"), method: "POST", path: "/tokens", forbidden: "scoped", ok: json({ name: "t" }), malformed: { body: { name: "t", scopes: ["nope"] }, field: "body.scopes.0" } },
  { name: "GET /tokens", handler: m(() => import("./tokens/route"), "GET"), method: "GET", path: "/tokens", forbidden: "scoped" },
  { name: "DELETE /tokens/{id}", handler: m(() => import("./tokens/[id]/route"), "DELETE"), method: "DELETE", path: "/tokens/x", forbidden: "scoped", foreign: () => ({ id: foreignTokenId }), malformed: { params: { id: "" }, field: "params.id" } },
  { name: "GET /me", handler: m(() => import("./me/route"), "GET"), method: "GET", path: "/me" },
];

beforeAll(async () => {
  f = await createApiFixture("access");
  foreign = await seedForeignRows(f.db);
  await f.tokenFor(OTHER_ADMIN);
  foreignTokenId = (await f.db.apiToken.findFirstOrThrow({ where: { userId: OTHER_ADMIN } })).id;
});
afterAll(async () => f?.close());

describe.each(CASES)("$name", (c) => {
  const base = (o: CallOptions = {}): CallOptions => ({ method: c.method, path: c.path, params: { id: "x", key: "x" }, ...c.ok, ...o });

  it("is 401 without credentials and with an unknown token", async () => {
    const h = await c.handler();
    for (const token of [null, "bt_00000000_notarealtokennotarealtoken"]) {
      const r = await f.call(h, base({ token }));
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("UNAUTHENTICATED");
    }
  });

  if (c.forbidden) it("is 403 for a role or token scope that may not", async () => {
    const token = c.forbidden === "scoped" ? await f.tokenFor("a_admin", { scopes: ["task.list"] }) : f.tokens[c.forbidden as RoleName];
    const r = await f.call(await c.handler(), base({ token, params: c.foreign?.() ?? { id: "x", key: "x" } }));
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.error.code).toBe("FORBIDDEN");
  });

  if (c.foreign) it("is 404 for another organization's id", async () => {
    const r = await f.call(await c.handler(), base({ token: f.tokens.admin, params: c.foreign!() }));
    expect(r.status, JSON.stringify(r.body)).toBe(404);
    expect(r.body.error.code).toBe("NOT_FOUND");
  });

  if (c.malformed) it("is 400 naming the bad field", async () => {
    const { field, ...o } = c.malformed!;
    const r = await f.call(await c.handler(), base({ token: f.tokens.admin, ...o }));
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION");
    expect(r.body.error.message).toContain(field);
    expect(r.body.error.details.fields[0].field).toBe(field);
  });
});

describe("malformed JSON", () => {
  it("is 400 naming the body, never a 500", async () => {
    for (const c of CASES.filter((x) => x.ok?.body !== undefined && typeof x.ok.body !== "string")) {
      const r = await f.call(await c.handler(), { method: c.method, path: c.path, params: { id: "x" }, token: f.tokens.admin, body: "{oops" });
      expect(r.status, c.name).toBe(400);
      expect(r.body.error.details.fields[0].field, c.name).toBe("body");
    }
  });
});
