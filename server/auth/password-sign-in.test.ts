// Sign-in abuse (issue 17): wrong passwords from an attacker's address do not lock the owner out,
// forged X-Forwarded-For neither resets the limits nor lands in the audit log.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, ORG_A, ROLE_USERS, type ApiFixture } from "../testing/api-fixture";
import { hashPassword } from "./password";
import { signInWithPassword } from "./password-sign-in";

const FLAG = Symbol.for("baton.peer-address-header");
const PASSWORD = "correct horse battery staple";
const email = (id: string) => `${id}@test.local`;

/** A request as the web process sees it: the preload stamped the TCP peer; the client wrote the rest. */
const from = (peer: string, headers: Record<string, string> = {}) => ({ headers: { ...headers, "x-baton-peer-address": peer } });
const attempt = (who: string, password: string, peer: string, headers?: Record<string, string>) =>
  signInWithPassword({ email: email(who), password }, from(peer, headers)).then(
    (u) => ({ ok: true as const, id: u.id }),
    (e: Error) => ({ ok: false as const, message: e.message }),
  );

describe("password sign-in limits", () => {
  let f: ApiFixture;
  beforeAll(async () => {
    process.env.LOGIN_MAX_ATTEMPTS = "5";
    process.env.LOGIN_ACCOUNT_CEILING = "8";
    process.env.LOGIN_GUARD_DELAY_MS = "400";
    delete process.env.TRUST_PROXY;
    f = await createApiFixture("sign_in_limits");
    const hash = await hashPassword(PASSWORD);
    await f.db.user.updateMany({ where: { organizationId: ORG_A }, data: { passwordHash: hash } });
    (globalThis as Record<symbol, unknown>)[FLAG] = "x-baton-peer-address";
  });
  afterAll(async () => {
    delete (globalThis as Record<symbol, unknown>)[FLAG];
    await f?.close();
  });

  it("5 wrong passwords from the attacker's address do not stop the owner signing in from theirs", async () => {
    const victim = ROLE_USERS.operator;
    for (let i = 0; i < 5; i++) expect(await attempt(victim, `guess-${i}`, "203.0.113.66")).toEqual({ ok: false, message: "Email or password is incorrect." });
    // The attacker's next try must wait; the owner's address has its own bucket.
    expect((await attempt(victim, PASSWORD, "203.0.113.66")).ok).toBe(false);
    expect(await attempt(victim, PASSWORD, "198.51.100.7")).toEqual({ ok: true, id: victim });
  });

  it("slows the attacker's address exponentially, and a correct password from there works after the wait", async () => {
    const victim = ROLE_USERS.designer;
    for (let i = 0; i < 5; i++) await attempt(victim, `guess-${i}`, "203.0.113.67");
    const refused = await attempt(victim, `guess-5`, "203.0.113.67");
    expect(refused).toEqual({ ok: false, message: "Too many failed sign-in attempts from here. Try again in 1 second." });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await attempt(victim, "guess-6", "203.0.113.67")).toEqual({ ok: false, message: "Email or password is incorrect." });
    expect(await attempt(victim, PASSWORD, "203.0.113.67")).toEqual({ ok: false, message: "Too many failed sign-in attempts from here. Try again in 2 seconds." });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await attempt(victim, PASSWORD, "203.0.113.67")).toEqual({ ok: true, id: victim });
  });

  it("past the account's ceiling, a correct password still signs in — after the guard delay", async () => {
    const victim = ROLE_USERS.auditor;
    // Failures spread over many addresses (a botnet): none is slowed, the account crosses its ceiling.
    for (let i = 0; i < 8; i++) await attempt(victim, `guess-${i}`, `192.0.2.${i + 1}`);
    const t = Date.now();
    expect(await attempt(victim, "still-wrong", "192.0.2.200")).toEqual({ ok: false, message: "Email or password is incorrect." });
    expect(Date.now() - t).toBeGreaterThanOrEqual(390);
    const t2 = Date.now();
    expect(await attempt(victim, PASSWORD, "198.51.100.8")).toEqual({ ok: true, id: victim });
    expect(Date.now() - t2).toBeGreaterThanOrEqual(390);
  });

  it("rotating X-Forwarded-For without TRUST_PROXY neither resets the limit nor reaches the audit log", async () => {
    const victim = ROLE_USERS.user;
    const forged = () => ({ "x-forwarded-for": `10.${crypto.randomInt(255)}.${crypto.randomInt(255)}.${crypto.randomInt(255)}` });
    for (let i = 0; i < 5; i++) await attempt(victim, `guess-${i}`, "203.0.113.99", forged());
    expect(await attempt(victim, PASSWORD, "203.0.113.99", forged())).toEqual({ ok: false, message: "Too many failed sign-in attempts from here. Try again in 1 second." });

    const events = await f.db.auditEvent.findMany({ where: { actorId: victim, type: "auth.sign_in_failed" } });
    expect(events).toHaveLength(5);
    for (const e of events) expect(e.payload).toEqual({ method: "password", ip: "203.0.113.99" });
  });

  it("with an unknown peer, one attacker's failures put no one else in a shared bucket", async () => {
    const victim = ROLE_USERS.admin;
    const noPeer = (password: string, headers: Record<string, string> = {}) =>
      signInWithPassword({ email: email(victim), password }, { headers }).then(() => "ok", (e: Error) => e.message);
    delete (globalThis as Record<symbol, unknown>)[FLAG];
    try {
      for (let i = 0; i < 6; i++) expect(await noPeer(`guess-${i}`, { "x-forwarded-for": "6.6.6.6" })).toBe("Email or password is incorrect.");
      expect(await noPeer(PASSWORD)).toBe("ok");
    } finally {
      (globalThis as Record<symbol, unknown>)[FLAG] = "x-baton-peer-address";
    }
  });
});
