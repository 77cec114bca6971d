// API tokens over REST: the secret once, scopes that only narrow, own-token listing,
// revocation (a revoked or expired token gets 401), and the audit events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, ROLE_USERS, type ApiFixture } from "@/server/testing/api-fixture";

let f: ApiFixture;
let tokens: typeof import("./tokens/route");
let token: typeof import("./tokens/[id]/route");
let me: typeof import("./me/route");

beforeAll(async () => {
  f = await createApiFixture("tokens");
  tokens = await import("./tokens/route");
  token = await import("./tokens/[id]/route");
  me = await import("./me/route");
});
afterAll(async () => f?.close());

const create = (auth: string, body: unknown) => f.call(tokens.POST, { method: "POST", token: auth, body });
const revoke = (auth: string, id: string) => f.call(token.DELETE, { method: "DELETE", token: auth, params: { id } });
const whoami = (auth: string) => f.call(me.GET, { token: auth });

describe("POST /tokens", () => {
  it("returns the secret once; the token then authenticates with its scopes", async () => {
    const c = await create(f.tokens.user, { name: "ci", scopes: ["instance.start", "task.list"], expiresInDays: 30 });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.token).toMatch(/^bt_[0-9a-f]{8}_/);
    expect(c.body.token.startsWith(c.body.prefix)).toBe(true);
    expect(c.body).toMatchObject({ name: "ci", userId: ROLE_USERS.user, scopes: ["instance.start", "task.list"], revokedAt: null });
    expect(new Date(c.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const who = await whoami(c.body.token);
    expect(who.body).toMatchObject({ id: ROLE_USERS.user, via: "token" });
    const row = await f.db.apiToken.findUniqueOrThrow({ where: { id: c.body.id } });
    expect(row.tokenHash).not.toContain(c.body.token);
  });

  it("refuses scopes the user's roles do not hold, naming them", async () => {
    const c = await create(f.tokens.user, { name: "x", scopes: ["task.list", "instance.cancel"] });
    expect(c.status).toBe(403);
    expect(c.body.error.message).toContain("instance.cancel");
    expect(c.body.error.details.fields[0].field).toBe("body.scopes");
  });

  it("lets a scoped token create only narrower tokens (and inherit its scopes by default)", async () => {
    const scoped = await f.tokenFor(ROLE_USERS.operator, { scopes: ["token.manage", "incident.read"] });
    expect((await create(scoped, { name: "wider", scopes: ["instance.cancel"] })).status).toBe(403);
    const inherited = await create(scoped, { name: "same" });
    expect(inherited.status).toBe(201);
    expect(inherited.body.scopes).toEqual(["token.manage", "incident.read"]);
  });

  it("answers 400 for an expiry in the past or two expiries", async () => {
    const past = await create(f.tokens.user, { name: "old", expiresAt: "2000-01-01T00:00:00Z" });
    expect(past.status).toBe(400);
    expect(past.body.error.details.fields[0].field).toBe("body.expiresAt");
    const both = await create(f.tokens.user, { name: "two", expiresAt: "2999-01-01T00:00:00Z", expiresInDays: 3 });
    expect(both.status).toBe(400);
    expect(both.body.error.details.fields[0].field).toBe("body.expiresInDays");
  });
});

describe("GET /tokens and DELETE /tokens/{id}", () => {
  it("lists only the user's own tokens, never a secret or hash", async () => {
    const list = await f.call(tokens.GET, { token: f.tokens.user });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    for (const t of list.body.items) {
      expect(t.userId).toBe(ROLE_USERS.user);
      expect(Object.keys(t)).not.toContain("token");
      expect(Object.keys(t)).not.toContain("tokenHash");
    }
  });

  it("revokes: the token gets 401 at once; revoking again keeps the first time", async () => {
    const c = await create(f.tokens.designer, { name: "short-lived" });
    expect((await whoami(c.body.token)).status).toBe(200);
    const r1 = await revoke(f.tokens.designer, c.body.id);
    expect(r1.status).toBe(200);
    expect(r1.body.revokedAt).toEqual(expect.any(String));
    expect((await whoami(c.body.token)).status).toBe(401);
    const r2 = await revoke(f.tokens.designer, c.body.id);
    expect(r2.body.revokedAt).toBe(r1.body.revokedAt);
    const audit = await f.db.auditEvent.findMany({ where: { type: { in: ["token.created", "token.revoked"] }, payload: { path: ["tokenId"], equals: c.body.id } } });
    expect(audit.map((a) => a.type).sort()).toEqual(["token.created", "token.revoked"]);
    expect(JSON.stringify(audit)).not.toContain(c.body.token);
  });

  it("a user may not revoke another user's token; an admin may", async () => {
    const c = await create(f.tokens.operator, { name: "ops" });
    const denied = await revoke(f.tokens.user, c.body.id);
    expect(denied.status).toBe(403);
    expect((await whoami(c.body.token)).status).toBe(200);
    expect((await revoke(f.tokens.admin, c.body.id)).status).toBe(200);
    expect((await whoami(c.body.token)).status).toBe(401);
  });

  it("an expired token gets 401", async () => {
    const c = await create(f.tokens.auditor, { name: "soon", expiresInDays: 1 });
    await f.db.apiToken.update({ where: { id: c.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await whoami(c.body.token)).status).toBe(401);
  });
});
