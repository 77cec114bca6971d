// Sign-in abuse (issue 17): wrong passwords from an attacker's address do not lock the owner out,
// forged X-Forwarded-For neither resets the limits nor lands in the audit log.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, ORG_A, ROLE_USERS, type ApiFixture } from "../testing/api-fixture";
import { hashPassword } from "./password";
import { signInWithPassword } from "./password-sign-in";
import { backoffSeconds } from "./rate-limit";

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

/**
 * Wrong passwords from `peer` until one is refused unseen. Timing-proof: on a slow machine a
 * delay may have run out before the next try, which then just counts as one more failure.
 */
async function failUntilRefused(who: string, peer: string, headers: () => Record<string, string> = () => ({})) {
  for (let failures = 0; failures < 10; ) {
    const r = await attempt(who, `guess-${failures}`, peer, headers());
    if (r.ok) throw new Error("a wrong password signed in");
    if (r.message.startsWith("Too many")) return { failures, message: r.message, seconds: Number(/in (\d+) seconds?/.exec(r.message)?.[1]) };
    failures += 1;
  }
  throw new Error(`${peer} was never slowed down`);
}

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
    // (The old limiter locked the account itself here, for everyone, for 15 minutes.)
    expect(await attempt(victim, PASSWORD, "198.51.100.7")).toEqual({ ok: true, id: victim });
  });

  it("doubles the wait per failure past the free ones, capped", () => {
    expect([4, 5, 6, 7, 8].map((n) => backoffSeconds(n, 5))).toEqual([0, 1, 2, 4, 8]);
    expect(backoffSeconds(40, 5)).toBe(300);
  });

  it("slows the attacker's address, and a correct password from there works after the wait", async () => {
    const victim = ROLE_USERS.designer;
    const refused = await failUntilRefused(victim, "203.0.113.67");
    expect(refused.failures).toBeGreaterThanOrEqual(5);
    expect(refused.message).toBe(`Too many failed sign-in attempts from here. Try again in ${refused.seconds} second${refused.seconds === 1 ? "" : "s"}.`);
    expect(refused.seconds).toBeLessThanOrEqual(backoffSeconds(refused.failures, 5));
    // Refused without a look at the password: the right one is refused as well until the wait is over.
    const early = await attempt(victim, PASSWORD, "203.0.113.67");
    if (!early.ok) expect(early.message).toMatch(/^Too many/);
    await new Promise((r) => setTimeout(r, refused.seconds * 1000 + 100));
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
    // The old limiter keyed on the forged header: a fresh value was a fresh bucket, never slowed.
    const refused = await failUntilRefused(victim, "203.0.113.99", forged);
    expect(refused.failures).toBeLessThan(8);

    const events = await f.db.auditEvent.findMany({ where: { actorId: victim, type: "auth.sign_in_failed" } });
    expect(events).toHaveLength(refused.failures);
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
