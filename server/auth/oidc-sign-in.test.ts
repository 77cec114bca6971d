// SSO sign-in against the real database: provisioning, linking, the group claim, disabled
// accounts, unverified addresses and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, ORG_A, ROLE_USERS, type ApiFixture } from "../testing/api-fixture";
import { signInWithOidc } from "./oidc-sign-in";

const CONFIG = { defaultOrganization: "a", groupsClaim: "groups" };

describe("signInWithOidc", () => {
  let f: ApiFixture;
  const signIn = (subject: string, claims: Record<string, unknown>, config = CONFIG) => signInWithOidc(f.db, { subject, claims, ip: "198.51.100.9" }, config);
  const groupsOf = async (userId: string) =>
    (await f.db.groupMember.findMany({ where: { userId }, include: { group: true } })).map((m) => m.group.key).sort();
  const audits = (actorId: string) => f.db.auditEvent.findMany({ where: { actorId }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    f = await createApiFixture("oidc_sign_in");
    await f.db.group.create({ data: { id: "grp_finance", organizationId: ORG_A, key: "finance", name: "Finance" } });
  });
  afterAll(async () => {
    await f?.close();
  });

  it("provisions a new person into the default organization as `user`, with the groups Baton has", async () => {
    const r = await signIn("sub-nina", { email: "Nina@SSO.test", email_verified: true, name: "Nina New", groups: ["finance", "sso-only"] });
    expect(r).toMatchObject({ ok: true, provisioned: true });
    if (!r.ok) return;
    const user = await f.db.user.findUniqueOrThrow({ where: { id: r.userId }, include: { memberships: true } });
    expect(user).toMatchObject({ organizationId: ORG_A, email: "nina@sso.test", name: "Nina New", oidcSubject: "sub-nina", passwordHash: null });
    expect(user.lastLoginAt).toBeInstanceOf(Date);
    expect(user.memberships.map((m) => [m.organizationId, m.role])).toEqual([[ORG_A, "user"]]);
    expect(await groupsOf(r.userId)).toEqual(["finance"]);
    const [event] = await audits(r.userId);
    expect(event).toMatchObject({ organizationId: ORG_A, type: "auth.signed_in" });
    expect(event.payload).toEqual({ method: "oidc", ip: "198.51.100.9", subject: "sub-nina", provisioned: true, groups: { added: ["finance"], removed: [], ignored: ["sso-only"] } });
  });

  it("re-applies the claim at each sign-in, and leaves groups alone when the claim is absent", async () => {
    const first = await signIn("sub-otto", { email: "otto@sso.test", groups: ["finance"] });
    if (!first.ok) throw new Error(first.error);
    await f.db.groupMember.create({ data: { groupId: "grp_managers", userId: first.userId } });
    const again = await signIn("sub-otto", { email: "otto@sso.test", groups: ["managers"] });
    expect(again).toEqual({ ok: true, userId: first.userId, provisioned: false });
    expect(await groupsOf(first.userId)).toEqual(["managers"]);
    await signIn("sub-otto", { email: "otto@sso.test" });
    expect(await groupsOf(first.userId)).toEqual(["managers"]);
    await signIn("sub-otto", { email: "otto@sso.test", groups: [] });
    expect(await groupsOf(first.userId)).toEqual([]);
  });

  it("reads the configured claim name", async () => {
    const r = await signIn("sub-roles", { email: "roles@sso.test", groups: ["managers"], realm_access: { roles: ["finance"] } }, { ...CONFIG, groupsClaim: "realm_access.roles" });
    if (!r.ok) throw new Error(r.error);
    expect(await groupsOf(r.userId)).toEqual(["finance"]);
  });

  it("links an existing Baton user by verified email, then by subject", async () => {
    const existing = ROLE_USERS.operator;
    const r = await signIn("sub-operator", { email: `${existing}@test.local`, email_verified: true });
    expect(r).toEqual({ ok: true, userId: existing, provisioned: false });
    expect((await f.db.user.findUniqueOrThrow({ where: { id: existing } })).oidcSubject).toBe("sub-operator");
    expect(await signIn("sub-operator", { email: "changed@elsewhere.test" })).toEqual({ ok: true, userId: existing, provisioned: false });
    expect((await audits(existing)).at(-1)?.payload).toMatchObject({ method: "oidc" });
  });

  it("refuses an unverified address: no takeover of an existing user, no new user", async () => {
    expect(await signIn("sub-mallory", { email: `${ROLE_USERS.admin}@test.local`, email_verified: false })).toEqual({ ok: false, error: "EmailNotVerified" });
    expect((await f.db.user.findUniqueOrThrow({ where: { id: ROLE_USERS.admin } })).oidcSubject).toBeNull();
    expect(await signIn("sub-mallory", { email: "mallory@sso.test", email_verified: false })).toEqual({ ok: false, error: "EmailNotVerified" });
    expect(await f.db.user.findUnique({ where: { email: "mallory@sso.test" } })).toBeNull();
  });

  it("refuses an account disabled in Baton, whether found by subject or by email, and audits it", async () => {
    const byEmail = ROLE_USERS.designer;
    await f.db.user.update({ where: { id: byEmail }, data: { disabled: true } });
    expect(await signIn("sub-designer", { email: `${byEmail}@test.local`, groups: [] })).toEqual({ ok: false, error: "AccountDisabled" });
    const designer = await f.db.user.findUniqueOrThrow({ where: { id: byEmail } });
    expect(designer.oidcSubject).toBeNull();
    expect(designer.lastLoginAt).toBeNull();
    const [failed] = await audits(byEmail);
    expect(failed).toMatchObject({ type: "auth.sign_in_failed", payload: { method: "oidc", reason: "disabled", subject: "sub-designer" } });

    const nina = await f.db.user.findUniqueOrThrow({ where: { oidcSubject: "sub-nina" } });
    await f.db.user.update({ where: { id: nina.id }, data: { disabled: true } });
    expect(await signIn("sub-nina", { email: "nina@sso.test", groups: [] })).toEqual({ ok: false, error: "AccountDisabled" });
    expect(await groupsOf(nina.id)).toEqual(["finance"]);
  });

  it("refuses without an email, or when the default organization does not exist", async () => {
    expect(await signIn("sub-anon", { name: "No Mail" })).toEqual({ ok: false, error: "NoAccount" });
    expect(await signIn("sub-lost", { email: "lost@sso.test" }, { ...CONFIG, defaultOrganization: "nope" })).toEqual({ ok: false, error: "NoAccount" });
    expect(await f.db.user.findUnique({ where: { email: "lost@sso.test" } })).toBeNull();
  });

  it("two first sign-ins of one person at once make one user", async () => {
    const [a, b] = await Promise.all([signIn("sub-twice", { email: "twice@sso.test" }), signIn("sub-twice", { email: "twice@sso.test" })]);
    expect(a.ok && b.ok && a.userId === b.userId).toBe(true);
    expect(await f.db.user.count({ where: { oidcSubject: "sub-twice" } })).toBe(1);
  });
});
