import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../prisma/seed/demo-users";
import { demoUser, signInAs, type DemoRole } from "./fixtures/auth";

const NAV: Record<DemoRole, string[]> = {
  admin: ["Inbox", "Processes", "Instances", "SLAs", "Audit", "Admin"],
  designer: ["Inbox", "Processes", "Instances"],
  operator: ["Inbox", "Processes", "Instances", "SLAs"],
  auditor: ["Instances", "SLAs", "Audit"],
  approver: ["Inbox", "Processes"],
  requester: ["Inbox", "Processes"],
};

for (const role of Object.keys(NAV) as DemoRole[]) {
  test(`${role} signs in and sees exactly their navigation`, async ({ page }) => {
    await signInAs(page, role);
    const nav = page.locator("aside nav[aria-label=Main] a");
    await expect(nav).toHaveText(NAV[role]);
    await expect(page.getByTestId("identity")).toContainText(demoUser(role).email);
    // Every screen in the navigation opens without an error.
    for (const label of NAV[role]) {
      await nav.filter({ hasText: label }).click();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByText("403 · Forbidden")).toHaveCount(0);
    }
  });
}

test("a wrong password shows an error and creates no session", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("rita.requester@acme.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form [role=alert]")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/signin/);
  const session = await page.request.get("/api/auth/session");
  expect(await session.json()).toEqual({});
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finbox/);
});

test("repeated wrong passwords slow sign-in from that address, but never lock the account", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("max.manager@acme.test");
  const alert = page.locator("form [role=alert]");
  // Five failures are free; then each next attempt from here waits (1 s, 2 s, …) after the last one.
  let refused = "";
  for (let i = 0; i < 9 && !refused; i++) {
    await page.getByLabel("Password").fill(`wrong-${i}`);
    // Wait for this attempt's answer: the alert still shows the previous one until it arrives.
    await Promise.all([page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")), page.getByRole("button", { name: "Sign in" }).click()]);
    await expect(alert).toHaveText(/Email or password is incorrect\.|Too many failed sign-in attempts/);
    const text = (await alert.textContent()) ?? "";
    if (text.startsWith("Too many")) refused = text;
    else expect(i).toBeLessThan(6);
  }
  const seconds = Number(/in (\d+) seconds?/.exec(refused)?.[1]);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(8);
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  // After the wait the right password works: a delay, not a lock-out.
  await page.waitForTimeout(seconds * 1000 + 200);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("identity-name")).toBeVisible();
});

test("an approver opening an admin URL gets a 403 page", async ({ page }) => {
  await signInAs(page, "approver");
  const res = await page.goto("/admin");
  expect(res?.status()).toBe(403);
  await expect(page.getByText("403 · Forbidden")).toBeVisible();
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  const audit = await page.goto("/audit");
  expect(audit?.status()).toBe(403);
});

test("sign-out ends the session", async ({ page }) => {
  await signInAs(page, "operator");
  await page.locator("aside").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("status")).toHaveText("You are signed out.");
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finstances/);
});

test("the API answers 401 JSON without a session and 403 JSON for a forbidden action", async ({ page, request }) => {
  const anon = await request.get("/api/v1/me");
  expect(anon.status()).toBe(401);
  expect((await anon.json()).error.code).toBe("UNAUTHENTICATED");
  const unknown = await request.get("/api/v1/definitely-not-here");
  expect(unknown.status()).toBe(401);

  await signInAs(page, "approver");
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: "mia.manager@acme.test", roles: ["user"], groups: ["managers"] });
  const missing = await page.request.get("/api/v1/definitely-not-here");
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe("NOT_FOUND");
  const defs = await page.request.get("/api/v1/definitions");
  expect(defs.status()).toBe(200);
  expect((await defs.json()).items.map((d: { key: string }) => d.key)).toContain("expense-approval");
});

test("the API answers 403 JSON when the role does not allow the action", async ({ page }) => {
  await signInAs(page, "auditor");
  const res = await page.request.get("/api/v1/definitions");
  expect(res.status()).toBe(403);
  expect(await res.json()).toMatchObject({ error: { code: "FORBIDDEN", details: { action: "definition.read" } } });
});
