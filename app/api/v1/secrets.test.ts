// Secrets over REST: admins store them (encrypted), list names only, delete them; the value
// never comes back and never lands in the audit log; other roles and tenants are refused.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, ORG_A, type ApiFixture } from "@/server/testing/api-fixture";

let f: ApiFixture;
let list: typeof import("./secrets/route");
let one: typeof import("./secrets/[name]/route");
const VALUE = "s3cr3t-value-do-not-leak";

beforeAll(async () => {
  process.env.BATON_SECRETS_KEY = crypto.randomBytes(32).toString("hex");
  f = await createApiFixture("secrets");
  list = await import("./secrets/route");
  one = await import("./secrets/[name]/route");
});
afterAll(async () => f?.close());

describe("/secrets", () => {
  it("stores a secret encrypted, lists its name only, and deletes it", async () => {
    const put = await f.call(one.PUT, { method: "PUT", token: f.tokens.admin, params: { name: "ERP_TOKEN" }, body: { value: VALUE } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({ name: "ERP_TOKEN" });
    const row = await f.db.secret.findUniqueOrThrow({ where: { organizationId_name: { organizationId: ORG_A, name: "ERP_TOKEN" } } });
    expect(row.ciphertext).not.toContain(VALUE);
    const names = await f.call(list.GET, { token: f.tokens.admin });
    expect(names.body).toEqual({ items: [{ name: "ERP_TOKEN" }] });
    expect(JSON.stringify(names.body)).not.toContain(VALUE);
    const audit = await f.db.auditEvent.findMany({ where: { type: { in: ["secret.set", "secret.deleted"] } } });
    expect(JSON.stringify(audit)).not.toContain(VALUE);
    const del = await f.call(one.DELETE, { method: "DELETE", token: f.tokens.admin, params: { name: "ERP_TOKEN" } });
    expect(del.status).toBe(200);
    const again = await f.call(one.DELETE, { method: "DELETE", token: f.tokens.admin, params: { name: "ERP_TOKEN" } });
    expect(again.status).toBe(404);
  });

  it("answers 401 without credentials, 403 for other roles, 400 for a bad name or empty value", async () => {
    expect((await f.call(list.GET, {})).status).toBe(401);
    expect((await f.call(list.GET, { token: f.tokens.operator })).status).toBe(403);
    const bad = await f.call(one.PUT, { method: "PUT", token: f.tokens.admin, params: { name: "1-bad" }, body: { value: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("name");
    const empty = await f.call(one.PUT, { method: "PUT", token: f.tokens.admin, params: { name: "OK" }, body: { value: "" } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields[0].field).toBe("body.value");
  });

  it("keeps organizations apart: another tenant's admin does not see or delete ours", async () => {
    await f.call(one.PUT, { method: "PUT", token: f.tokens.admin, params: { name: "MINE" }, body: { value: VALUE } });
    const theirs = await f.call(list.GET, { token: f.tokens.other });
    expect(theirs.body).toEqual({ items: [] });
    expect((await f.call(one.DELETE, { method: "DELETE", token: f.tokens.other, params: { name: "MINE" } })).status).toBe(404);
  });
});
