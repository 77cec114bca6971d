// Starting, searching, reading, cancelling instances over REST, and the Idempotency-Key.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, seedForeignRows, type ApiFixture } from "@/server/testing/api-fixture";

const xml = fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/approval.bpmn"), "utf8");
let f: ApiFixture;
let r: {
  instances: typeof import("./instances/route");
  one: typeof import("./instances/[id]/route");
  cancel: typeof import("./instances/[id]/cancel/route");
  variables: typeof import("./instances/[id]/variables/route");
};

beforeAll(async () => {
  f = await createApiFixture("instances");
  await seedForeignRows(f.db);
  const defs = await import("./definitions/route");
  await f.call(defs.POST, { method: "POST", path: "/definitions", token: f.tokens.admin, body: xml, headers: { "content-type": "application/xml" } });
  r = {
    instances: await import("./instances/route"),
    one: await import("./instances/[id]/route"),
    cancel: await import("./instances/[id]/cancel/route"),
    variables: await import("./instances/[id]/variables/route"),
  };
});
afterAll(async () => f?.close());

const start = (body: unknown, headers: Record<string, string> = {}, token = f.tokens.user) =>
  f.call(r.instances.POST, { method: "POST", path: "/instances", token, body, headers });

describe("POST /instances", () => {
  it("starts the latest version (201) and names an unknown key", async () => {
    const ok = await start({ key: "approval", businessKey: "BK-1", variables: { amount: 10 } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ key: "approval", version: 1, businessKey: "BK-1", status: "ACTIVE" });
    const unknown = await start({ key: "nope" });
    expect(unknown.status).toBe(404);
  });
});

describe("Idempotency-Key", () => {
  it("answers the first result for the same key and body, without starting twice", async () => {
    const h = { "idempotency-key": "start-1" };
    const first = await start({ key: "approval", businessKey: "IDEM", variables: { a: 1, b: 2 } }, h);
    expect(first.status).toBe(201);
    // Same body with keys in another order: the canonical hash matches.
    const again = await start({ variables: { b: 2, a: 1 }, businessKey: "IDEM", key: "approval" }, h);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await f.db.processInstance.count({ where: { businessKey: "IDEM" } })).toBe(1);
  });

  it("is 409 for the same key with a different body", async () => {
    const h = { "idempotency-key": "start-2" };
    expect((await start({ key: "approval", businessKey: "X1" }, h)).status).toBe(201);
    const other = await start({ key: "approval", businessKey: "X2" }, h);
    expect(other.status).toBe(409);
    expect(other.body.error.message).toMatch(/different request/);
  });

  it("keys are per organization, and a failed request releases its key", async () => {
    const h = { "idempotency-key": "shared" };
    const failed = await start({ key: "nope" }, h);
    expect(failed.status).toBe(404);
    expect(await f.db.idempotencyKey.count({ where: { key: "shared" } })).toBe(0);
    expect((await start({ key: "approval" }, h)).status).toBe(201);
    // Org B uses the same key for its own request: unrelated.
    const b = await start({ key: "foreign" }, h, f.tokens.other);
    expect(b.status).not.toBe(409);
  });

  it("runs the command once when two requests with one key race", async () => {
    const h = { "idempotency-key": "race" };
    const answers = await Promise.all([1, 2, 3].map(() => start({ key: "approval", businessKey: "RACE" }, h)));
    const statuses = answers.map((a) => a.status).sort();
    // Each loser either sees the key in flight (409) or replays the finished answer (201).
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
    expect(await f.db.processInstance.count({ where: { businessKey: "RACE" } })).toBe(1);
    const replay = await start({ key: "approval", businessKey: "RACE" }, h);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(answers.find((a) => a.status === 201)!.body.id);
  });

  it("is 400 for an unusable key", async () => {
    const bad = await start({ key: "approval" }, { "idempotency-key": "x".repeat(300) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe("headers.idempotency-key");
  });
});

describe("GET /instances and /instances/{id}", () => {
  it("filters and pages with a cursor", async () => {
    for (let i = 0; i < 3; i++) expect((await start({ key: "approval", businessKey: `PAGE` })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/instances?businessKey=PAGE&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await f.call(r.instances.GET, { path: q, token: f.tokens.operator });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(3);

    const all = await f.call(r.instances.GET, { path: "/instances?status=ACTIVE&key=approval&hasIncident=false&startedAfter=2000-01-01", token: f.tokens.operator });
    expect(all.body.items.length).toBeGreaterThanOrEqual(6);
    expect(all.body.items.every((i: { key: string }) => i.key === "approval")).toBe(true);
    const none = await f.call(r.instances.GET, { path: "/instances?startedBefore=2000-01-01", token: f.tokens.operator });
    expect(none.body.items).toEqual([]);
    const badCursor = await f.call(r.instances.GET, { path: "/instances?cursor=zzz", token: f.tokens.operator });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details.fields[0].field).toBe("query.cursor");
  });

  it("shows the active user task, variables and history of one instance", async () => {
    const s = await start({ key: "approval", variables: { amount: 42 } });
    const one = await f.call(r.one.GET, { token: f.tokens.auditor, params: { id: s.body.id } });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: s.body.id, status: "ACTIVE", variables: { amount: 42 }, incidents: [] });
    expect(one.body.active.waits).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "task", elementId: "approve" })]));
    expect(one.body.active.tokens.map((t: { elementId: string }) => t.elementId)).toContain("approve");
    expect(one.body.history.map((e: { type: string }) => e.type)).toContain("instance.started");
  });
});

describe("cancel and variables", () => {
  it("sets variables, then cancels", async () => {
    const s = await start({ key: "approval" });
    const v = await f.call(r.variables.PUT, { method: "PUT", token: f.tokens.operator, params: { id: s.body.id }, body: { variables: { note: "hi" } } });
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(v.body).toEqual({ ok: true });
    const c = await f.call(r.cancel.POST, { method: "POST", token: f.tokens.operator, params: { id: s.body.id }, body: { reason: "test" } });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.status).toBe("CANCELED");
    const one = await f.call(r.one.GET, { token: f.tokens.operator, params: { id: s.body.id } });
    expect(one.body.variables).toMatchObject({ note: "hi" });
  });
});

describe("JSON routes read JSON only", () => {
  it("refuses a text/plain or form body with 415 naming the content type, even with a bearer token", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await start(JSON.stringify({ key: "approval" }), { "content-type": type });
      expect(res.status, type).toBe(415);
      expect(res.body.error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", details: { field: "content-type" } });
    }
    expect((await start(JSON.stringify({ key: "approval" }), { "content-type": "application/json; charset=utf-8" })).status).toBe(201);
    expect((await start(JSON.stringify({ key: "approval" }), { "content-type": "application/vnd.baton+json" })).status).toBe(201);
  });
});
