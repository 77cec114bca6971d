// Deploying and reading definitions over REST: the three body forms, 201 vs 200, XML back.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, seedForeignRows, type ApiFixture } from "@/server/testing/api-fixture";

const xml = fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/approval.bpmn"), "utf8");
let f: ApiFixture;
let routes: {
  list: typeof import("./definitions/route");
  one: typeof import("./definitions/[id]/route");
  versions: typeof import("./definitions/key/[key]/versions/route");
};

beforeAll(async () => {
  f = await createApiFixture("definitions");
  await seedForeignRows(f.db);
  routes = {
    list: await import("./definitions/route"),
    one: await import("./definitions/[id]/route"),
    versions: await import("./definitions/key/[key]/versions/route"),
  };
});
afterAll(async () => f?.close());

const deployRaw = (body: string, contentType = "application/xml") =>
  f.call(routes.list.POST, { method: "POST", path: "/definitions", token: f.tokens.designer, body, headers: { "content-type": contentType } });

describe("POST /definitions", () => {
  it("deploys raw XML (201), then answers 200 with isNew=false for the same XML", async () => {
    const first = await deployRaw(xml);
    expect(first.status).toBe(201);
    expect(first.body.definitions).toMatchObject([{ key: "approval", version: 1, isNew: true }]);
    const again = await deployRaw(xml, "text/xml; charset=utf-8");
    expect(again.status).toBe(200);
    expect(again.body.definitions).toMatchObject([{ key: "approval", version: 1, isNew: false }]);
  });

  it("deploys a multipart `file` and JSON `{ xml }` as new versions", async () => {
    const form = new FormData();
    form.set("file", new Blob([xml.replace("API approval", "API approval v2")], { type: "application/xml" }), "approval.bpmn");
    const res = await routes.list.POST(new Request("http://baton.test/api/v1/definitions", { method: "POST", body: form, headers: { authorization: `Bearer ${f.tokens.admin}` } }));
    expect(res.status).toBe(201);
    expect((await res.json()).definitions[0]).toMatchObject({ version: 2, name: "API approval v2" });

    const j = await f.call(routes.list.POST, { method: "POST", path: "/definitions", token: f.tokens.admin, body: { xml: xml.replace("API approval", "API approval v3"), fileName: "a.bpmn" } });
    expect(j.status).toBe(201);
    expect(j.body.definitions[0].version).toBe(3);
  });

  it("answers 400 naming the field for a form without `file` or an empty body", async () => {
    const form = new FormData();
    form.set("other", "x");
    const res = await routes.list.POST(new Request("http://baton.test/api/v1/definitions", { method: "POST", body: form, headers: { authorization: `Bearer ${f.tokens.admin}` } }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.fields[0].field).toBe("body.file");
    const empty = await deployRaw("");
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields[0].field).toBe("body.xml");
  });

  it("answers 422 with the compiler's errors for XML that cannot run", async () => {
    const r = await deployRaw("<definitions><oops></definitions>");
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("UNPROCESSABLE");
  });
});

describe("GET /definitions/{id} and /definitions/key/{key}/versions", () => {
  it("returns the XML of a version and every version of a key, newest first", async () => {
    const versions = await f.call(routes.versions.GET, { token: f.tokens.user, params: { key: "approval" } });
    expect(versions.status).toBe(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(versions.body.items[0]).toMatchObject({ key: "approval", instances: 0 });
    expect(versions.body.items[0].bpmnXml).toBeUndefined();

    const one = await f.call(routes.one.GET, { token: f.tokens.user, params: { id: versions.body.items[2].id } });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ key: "approval", version: 1, bpmnXml: xml });
    expect(one.body.deployedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("lists only the organization's definitions", async () => {
    const r = await f.call(routes.list.GET, { token: f.tokens.user });
    expect(r.body.items.map((d: { key: string }) => d.key)).toEqual(["approval"]);
  });

  it("is 404 for an unknown id or key", async () => {
    expect((await f.call(routes.one.GET, { token: f.tokens.user, params: { id: "nope" } })).status).toBe(404);
    expect((await f.call(routes.versions.GET, { token: f.tokens.user, params: { key: "nope" } })).status).toBe(404);
  });
});
