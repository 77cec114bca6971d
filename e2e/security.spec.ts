// Web hardening (issue 17) against the production build: open redirect after sign-in, security
// headers on pages and API answers, and cross-site writes riding on the session cookie.
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../prisma/seed/demo-users";
import { signInAs } from "./fixtures/auth";

test("sign-in never redirects to another host, whatever the callbackUrl", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const callback of ["/%5Cevil.example/phish", "%2F%2Fevil.example", "/%09/evil.example", "http://127.0.0.1:1@evil.example/"]) {
    await page.context().clearCookies();
    await page.goto(`/signin?callbackUrl=${callback}`);
    await page.getByLabel("Email").fill("rita.requester@acme.test");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
    expect(new URL(page.url()).origin, callback).toBe(origin);
    await expect(page.getByTestId("identity-name")).toBeVisible();
  }
});

test("pages carry a nonce CSP and the other security headers, and still run their scripts", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto("/signin");
  const h = res!.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  expect(h["strict-transport-security"]).toBeUndefined(); // plain HTTP here
  const again = await page.request.get("/signin");
  expect(again.headers()["content-security-policy"]).not.toBe(h["content-security-policy"]);
  // Hydrated under the CSP: client-side sign-in and navigation work, with no violation logged.
  await signInAs(page, "operator");
  await page.locator("aside nav[aria-label=Main] a", { hasText: "Instances" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test("API answers carry the security headers", async ({ request }) => {
  for (const path of ["/api/health", "/api/v1/me", "/api/v1/openapi.json"]) {
    const h = (await request.get(path)).headers();
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
});

test("a cookie-authenticated write from another site is refused; bearer and same-origin writes are not", async ({ page, baseURL }) => {
  await signInAs(page, "operator");
  const start = JSON.stringify({ key: "expense-approval", variables: { amount: 12, department: "R&D", description: "csrf check" } });
  const forged = await page.request.post("/api/v1/instances", { headers: { origin: "http://evil.example", "content-type": "text/plain" }, data: start });
  expect(forged.status()).toBe(403);
  expect(await forged.json()).toMatchObject({ error: { code: "FORBIDDEN", details: { origin: "http://evil.example" } } });
  const cancel = await page.request.post("/api/v1/instances/whatever/cancel", { headers: { "sec-fetch-site": "cross-site" } });
  expect(cancel.status()).toBe(403);

  const same = await page.request.post("/api/v1/instances", { headers: { origin: new URL(baseURL!).origin, "content-type": "application/json" }, data: start });
  expect(same.status()).toBe(201);

  const token = (await (await page.request.post("/api/v1/tokens", { data: { name: `e2e-csrf-${Date.now()}` } })).json()).token as string;
  // a bearer token is not a cookie a foreign page can ride on: its origin does not matter…
  const bearer = await page.request.post("/api/v1/instances", {
    headers: { origin: "http://evil.example", "content-type": "application/json", authorization: `Bearer ${token}` },
    data: start,
  });
  expect(bearer.status()).toBe(201);
  // …but a JSON route reads JSON only, whoever sends it
  const plain = await page.request.post("/api/v1/instances", {
    headers: { "content-type": "text/plain", authorization: `Bearer ${token}` },
    data: start,
  });
  expect(plain.status()).toBe(415);
  expect(await plain.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
});

test("a rotating X-Forwarded-For does not reset the sign-in limit (the connecting address counts)", async ({ request }) => {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signIn = async (password: string, forwardedFor: string) => {
    const res = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: "finn.finance@acme.test", password, json: "true", callbackUrl: "/" },
      headers: { "x-forwarded-for": forwardedFor },
    });
    return decodeURIComponent(((await res.json()) as { url: string }).url);
  };
  // Without TRUST_PROXY every attempt comes from 127.0.0.1, whatever the header says: after five
  // free failures the next ones are refused unseen (looped: on a slow machine a 1 s wait may pass).
  let answer = "";
  for (let i = 0; i < 9 && !answer.includes("Too many"); i++) {
    answer = await signIn(`wrong-${i}`, `10.66.${i}.1`);
    expect(answer).toMatch(i < 5 ? /Email or password is incorrect\./ : /Email or password is incorrect\.|Too many failed sign-in attempts from here/);
  }
  expect(answer).toContain("Too many failed sign-in attempts from here");
});
