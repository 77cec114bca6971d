// Single sign-on through a real OpenID Connect provider (e2e/fixtures/oidc-provider.ts, started by
// playwright.config.ts before Baton): provisioning, the group claim, sign-out, disabled accounts.
import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_ORG } from "../prisma/seed/demo-users";
import { createDb, type Db } from "../server/db/client";
import { OIDC_E2E, ssoAccount } from "./fixtures/oidc-accounts";

const providerOrigin = `http://127.0.0.1:${process.env.E2E_OIDC_PORT}`;
let db: Db;
// The people this run made Baton know, removed afterwards so the e2e database does not grow per run.
const made: string[] = [];

test.beforeAll(() => {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL must name the e2e database (npm test sets it)");
  db = createDb(process.env.DATABASE_URL, 2);
});
test.afterAll(async () => {
  if (made.length) await db?.user.deleteMany({ where: { email: { in: made } } });
  await db?.$disconnect();
});

/** A fresh identity at the provider for a known person: `<person>+<random>` (a user Baton has never seen). */
function freshLogin(person: string): string {
  const login = `${person}+${crypto.randomBytes(4).toString("hex")}`;
  made.push(ssoAccount(login)!.email);
  return login;
}

/** Clicks the SSO button and signs in on the provider's own login page. */
async function signInThroughProvider(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: `Continue with ${OIDC_E2E.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${providerOrigin}/interaction/`));
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("a new person signs in through the provider: provisioned into the organization, groups from the claim, sign-out works", async ({ page }) => {
  const login = freshLogin("nina.new");
  const account = ssoAccount(login)!;
  expect(await db.user.findUnique({ where: { email: account.email } })).toBeNull();

  await signInThroughProvider(page, login);
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/inbox/);
  await expect(page.getByTestId("identity-name")).toHaveText("Nina New");
  // The `user` role's navigation.
  await expect(page.locator("aside nav[aria-label=Main] a")).toHaveText(["Inbox", "Processes"]);

  // The claim lists finance (a Baton group) and sso-only-team (not one: ignored).
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: account.email, name: "Nina New", organizationId: DEMO_ORG.id, roles: ["user"], groups: ["finance"], via: "session" });
  const user = await db.user.findUniqueOrThrow({ where: { email: account.email }, include: { memberships: true } });
  expect(user).toMatchObject({ organizationId: DEMO_ORG.id, oidcSubject: account.sub, passwordHash: null });
  expect(user.memberships.map((m) => m.role)).toEqual(["user"]);
  const signedIn = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id, type: "auth.signed_in" } });
  expect(signedIn.payload).toMatchObject({ method: "oidc", provisioned: true, groups: { added: ["finance"], removed: [], ignored: ["sso-only-team"] } });

  await page.locator("aside").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("status")).toHaveText("You are signed out.");
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finbox/);
  expect(await db.auditEvent.count({ where: { actorId: user.id, type: "auth.signed_out" } })).toBe(1);

  // Given a group in Baton meanwhile, the next SSO sign-in sets the groups back to what the claim lists.
  // The provider still has its own session: no login form this time, as with any SSO.
  const managers = await db.group.findUniqueOrThrow({ where: { organizationId_key: { organizationId: DEMO_ORG.id, key: "managers" } } });
  await db.groupMember.create({ data: { groupId: managers.id, userId: user.id } });
  await page.getByRole("button", { name: `Continue with ${OIDC_E2E.name}` }).click();
  await expect(page.getByTestId("identity-name")).toHaveText("Nina New");
  expect(await (await page.request.get("/api/v1/me")).json()).toMatchObject({ id: user.id, groups: ["finance"] });
  expect(await db.user.count({ where: { oidcSubject: account.sub } })).toBe(1);
});

test("an account disabled in Baton cannot sign in through SSO", async ({ page }) => {
  const login = freshLogin("dora.disabled");
  const account = ssoAccount(login)!;
  const id = crypto.randomUUID();
  await db.user.create({
    data: { id, organizationId: DEMO_ORG.id, email: account.email, name: "Dora Disabled", disabled: true, memberships: { create: { organizationId: DEMO_ORG.id, role: "user" } } },
  });

  await signInThroughProvider(page, login);
  await expect(page).toHaveURL(/\/signin\?error=AccountDisabled/);
  await expect(page.locator("form [role=alert]")).toHaveText("Your Baton account is disabled. Ask an administrator to enable it.");
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finbox/);

  const user = await db.user.findUniqueOrThrow({ where: { id } });
  expect(user).toMatchObject({ oidcSubject: null, lastLoginAt: null });
  const failed = await db.auditEvent.findFirstOrThrow({ where: { actorId: id, type: "auth.sign_in_failed" } });
  expect(failed.payload).toMatchObject({ method: "oidc", reason: "disabled", subject: account.sub });
  expect(await db.groupMember.count({ where: { userId: id } })).toBe(0);
});
