// Property-based fuzz of every route: each operation of the OpenAPI document (/api/v1), and
// every route file of the Camunda surfaces (/v2, /engine-rest), gets generated hostile path
// params, query values and bodies (NUL, unpaired surrogates, controls, nesting past the limits,
// wrong types, null, lists, non-JSON), and must answer below 500 with its surface's JSON error
// shape. Handlers run in process on a real PostgreSQL and Redis (server/testing/api-fixture.ts).
// FUZZ_RUNS scales the runs per route (default keeps the file well under two minutes in CI);
// FUZZ_SEED replays a failure.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, type ApiFixture } from "@/server/testing/api-fixture";
import { bodyFor, camundaBody, hostileString, textFor, type FuzzBody, type JsonSchema } from "@/server/testing/fuzz-inputs";
import { openApiDocument } from "./openapi";

type Handler = (request: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Surface = "v1" | "v2" | "engine-rest";

const root = path.resolve(import.meta.dirname, "../..");
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const fixture = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");

let f: ApiFixture;
/** Ids that exist (ours and another organization's): valid-looking values reach the commands. */
const ids: string[] = ["approval", "job-work", "c7-order", "a_user", "a_admin", "b_admin", "managers", "work", "SECRET_A"];

async function load(rel: string): Promise<Record<string, Handler>> {
  return (await import(/* @vite-ignore */ path.join(root, rel))) as Record<string, Handler>;
}

async function post(rel: string, body: unknown, params: Record<string, string> = {}, headers: Record<string, string> = { "content-type": "application/json" }) {
  const { POST } = await load(rel);
  const res = await POST(new Request("http://baton.test/", { method: "POST", headers: { authorization: `Bearer ${f.tokens.admin}`, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) }), { params: Promise.resolve(params) });
  const text = await res.text();
  expect(res.status, text).toBeLessThan(300);
  return text ? JSON.parse(text) : null;
}

beforeAll(async () => {
  // Secrets are stored for real: without a key PUT /secrets is a (correct) 503, and no deeper.
  process.env.BATON_SECRETS_KEY = crypto.randomBytes(32).toString("hex");
  f = await createApiFixture("route-fuzz");
  const xml = { "content-type": "application/xml" };
  for (const file of ["app/api/v1/__fixtures__/approval.bpmn", "server/commands/jobs/__fixtures__/job-work.bpmn", "app/engine-rest/__fixtures__/c7-orders.bpmn"]) {
    const d = await post("app/api/v1/definitions/route.ts", fixture(file), {}, xml);
    ids.push(...d.definitions.map((x: { id: string }) => x.id));
  }
  for (const key of ["approval", "approval", "job-work", "job-work", "job-work"]) ids.push((await post("app/api/v1/instances/route.ts", { key })).id);
  // Another organization's rows, made through the API (hand-made rows carry no real model).
  const other = { authorization: `Bearer ${f.tokens.other}` };
  ids.push(...(await post("app/api/v1/definitions/route.ts", fixture("app/api/v1/__fixtures__/approval.bpmn"), {}, { ...xml, ...other })).definitions.map((x: { id: string }) => x.id));
  ids.push((await post("app/api/v1/instances/route.ts", { key: "approval" }, {}, { "content-type": "application/json", ...other })).id);
  const jobs = await post("app/api/v1/jobs/activate/route.ts", { type: "work", worker: "fuzz", maxJobsToActivate: 2 });
  ids.push(...jobs.jobs.map((j: { key: string }) => j.key));
  // One job fails for good: an incident to retry.
  if (jobs.jobs[0]) await post("app/api/v1/jobs/[id]/fail/route.ts", { worker: "fuzz", retries: 0, errorMessage: "boom" }, { id: jobs.jobs[0].key });
  ids.push(...(await f.db.incident.findMany({ select: { id: true } })).map((i) => i.id));
  ids.push(...(await f.db.task.findMany({ select: { id: true } })).map((t) => t.id));
  ids.push((await post("app/api/v1/tokens/route.ts", { name: "fuzz" })).id);
  // Camunda 8 keys of the same rows.
  ids.push(String((await post("app/v2/process-instances/route.ts", { processDefinitionId: "approval" })).processInstanceKey));
  const tasks = await post("app/v2/user-tasks/search/route.ts", {});
  ids.push(...tasks.items.map((t: { userTaskKey: string }) => String(t.userTaskKey)));
}, 60_000);
afterAll(async () => f?.close());

/** Each surface's error shape; a message naming what is wrong. */
function checkError(surface: Surface, route: string, status: number, contentType: string, text: string): void {
  const where = `${route} answered ${status} ${text.slice(0, 300)}`;
  if (surface === "engine-rest" && status === 500) {
    // Camunda 7 answers a claimed task and an engine refusal with 500, and Baton with it
    // (docs/camunda-compatibility.md); an unhandled error says it was logged.
    const body = JSON.parse(text) as { type: string; message: string };
    expect(["TaskAlreadyClaimedException", "ProcessEngineException"], where).toContain(body.type);
    expect(body.message, where).not.toMatch(/it has been logged/);
    return;
  }
  expect(status, where).toBeLessThan(500);
  if (status < 400) return;
  expect(contentType, where).toMatch(/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (route === "POST /v2/oauth/token") {
    expect(typeof body.error, where).toBe("string");
    expect(typeof body.error_description, where).toBe("string");
  } else if (surface === "v1") {
    const e = body.error as { code: unknown; message: unknown; details: unknown };
    expect(e.code, where).toMatch(/^[A-Z_]+$/);
    expect(typeof e.message, where).toBe("string");
    expect(e.details !== null && typeof e.details === "object" && !Array.isArray(e.details), where).toBe(true);
  } else if (surface === "v2") {
    expect(contentType, where).toBe("application/problem+json");
    expect(body, where).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), instance: expect.any(String) });
  } else {
    expect(body, where).toMatchObject({ type: expect.any(String), message: expect.any(String) });
  }
}

const tokenArb = fc.constantFrom<"admin" | "user" | "other" | null | "junk">("admin", "admin", "admin", "user", "other", null, "junk");
const contentTypeArb = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded", "");

interface Case {
  token: "admin" | "user" | "other" | null | "junk";
  params: Record<string, string>;
  query: [string, string][];
  body: FuzzBody;
  contentType: string;
}

async function send(surface: Surface, method: string, template: string, handler: Handler, c: Case) {
  const prefix = surface === "v1" ? "/api/v1" : `/${surface}`;
  // The URL is for show (handlers take params from ctx); an unpaired surrogate cannot be encoded.
  const pathname = template.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent((c.params[k] ?? "").replace(/[\ud800-\udfff]/g, "?")));
  const url = new URL(`http://baton.test${prefix}${pathname}`);
  for (const [k, v] of c.query) url.searchParams.append(k, v);
  const headers: Record<string, string> = {};
  if (c.token) headers.authorization = `Bearer ${c.token === "junk" ? "bt_00000000_nope" : f.tokens[c.token]}`;
  let body: string | undefined;
  if (method !== "GET" && c.body.kind !== "none") {
    body = c.body.kind === "json" ? JSON.stringify(c.body.value) : c.body.text;
    if (c.contentType) headers["content-type"] = c.body.kind === "json" ? "application/json" : c.contentType;
  }
  // Long polls (job activation, fetchAndLock, awaitCompletion) end when the client goes away.
  const request = new Request(url, { method, headers, body, signal: AbortSignal.timeout(1_000) });
  const params = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, k === "path" ? v.split("/") : v]));
  const res = await handler(request, { params: Promise.resolve(params) });
  const text = await res.text();
  checkError(surface, `${method} ${prefix}${template}`, res.status, res.headers.get("content-type") ?? "", text);
}

const params = (names: string[], schemaOf: (n: string) => JsonSchema) => fc.record(Object.fromEntries(names.map((n) => [n, textFor(schemaOf(n), ids)])));

describe("every /api/v1 operation of the OpenAPI document", () => {
  const doc = openApiDocument();
  type Op = { parameters: { name: string; in: string; schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } };
  const ops = Object.entries(doc.paths).flatMap(([p, byMethod]) => Object.entries(byMethod as Record<string, Op>).map(([m, op]) => ({ path: p, method: m.toUpperCase(), op })));

  it("covers every route in the document", () => expect(ops.length).toBeGreaterThan(25));

  it.each(ops.map((o) => [`${o.method} ${o.path}`, o] as const))("%s answers every input below 500 with { error }", async (_name, { path: p, method, op }) => {
    const file = `app/api/v1${p.replace(/\{(\w+)\}/g, "[$1]")}/route.ts`;
    const handler = (await load(file))[method];
    expect(handler, file).toBeTypeOf("function");
    const pathParams = op.parameters.filter((x) => x.in === "path");
    const queryParams = op.parameters.filter((x) => x.in === "query");
    const query = fc.array(fc.oneof(...(queryParams.length ? [fc.constantFrom(...queryParams).chain((q) => textFor(q.schema, ids).map((v): [string, string] => [q.name, v]))] : []), fc.tuple(hostileString, hostileString)), { maxLength: 4 });
    const caseArb = fc.record({
      token: tokenArb,
      params: params(pathParams.map((x) => x.name), (n) => pathParams.find((x) => x.name === n)!.schema),
      query,
      body: bodyFor(op.requestBody?.content["application/json"]?.schema, ids),
      contentType: contentTypeArb,
    });
    await fc.assert(fc.asyncProperty(caseArb, (c) => send("v1", method, p, handler, c)), { numRuns: RUNS, seed: SEED });
  });
});

/** Route files of a Camunda surface, with their path templates (`[id]` → `{id}`, catch-all → `{path}`). */
function camundaRoutes(surface: "v2" | "engine-rest") {
  const dir = path.join(root, "app", surface);
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((p) => path.basename(p) === "route.ts" && !p.includes("__"));
  return files.map((file) => {
    const segments = path.dirname(file).split(path.sep).filter((s) => s !== ".");
    const template = `/${segments.map((s) => (s.startsWith("[...") ? "{path}" : s.replace(/^\[(\w+)\]$/, "{$1}"))).join("/")}`;
    return { file: path.join("app", surface, file), template, names: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]) };
  });
}

for (const surface of ["v2", "engine-rest"] as const) {
  describe(`every /${surface} route`, () => {
    const routes = camundaRoutes(surface);
    it("finds the surface's routes", () => expect(routes.length).toBeGreaterThan(12));

    it.each(routes.map((r) => [r.template, r] as const))(`%s answers every input below 500 in /${surface}'s error shape`, async (_name, r) => {
      const mod = await load(r.file);
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => typeof mod[m] === "function")) {
        const caseArb = fc.record({
          token: tokenArb,
          params: params(r.names, () => ({ type: "string" })),
          query: fc.array(fc.tuple(fc.oneof(fc.constantFrom("processInstanceId", "assignee", "candidateGroup", "firstResult", "maxResults", "unassigned"), hostileString), fc.oneof(hostileString, fc.constantFrom(...ids))), { maxLength: 3 }),
          body: camundaBody(ids),
          contentType: contentTypeArb,
        });
        await fc.assert(fc.asyncProperty(caseArb, (c) => send(surface, method, r.template, mod[method], c)), { numRuns: RUNS, seed: SEED });
      }
    });
  });
}
