// Cookie-authenticated writes from another site are refused (issue 17: a text/plain POST
// /api/v1/instances with the session cookie and a foreign Origin started an instance).
// Runs the real proxy.ts on NextRequests; e2e/security.spec.ts does the same against a server.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

const APP = "http://localhost:3000";
const COOKIE = "next-auth.session-token=eyJhbGciOiJkaXIi.stub";
let proxy: (r: NextRequest) => Response;

beforeAll(async () => {
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/unused";
  process.env.NEXTAUTH_URL = APP;
  ({ proxy } = await import("../../proxy"));
});

function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const headers: Record<string, string> = { host: "localhost:3000", ...init.headers };
  if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
  return proxy(new NextRequest(`${APP}${path}`, { method: init.method ?? "POST", headers, body: init.body }));
}
const passed = (r: Response) => r.headers.get("x-middleware-next") === "1";

describe("cross-site guard (proxy.ts → server/http/csrf.ts)", () => {
  it("refuses a text/plain POST with the session cookie from a foreign Origin, in the product's error shape", async () => {
    const r = send("/api/v1/instances", { headers: { cookie: COOKIE, origin: "http://evil.example", "content-type": "text/plain" }, body: '{"processKey":"x"}' });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ error: { code: "FORBIDDEN", message: expect.stringContaining("Cross-site"), details: { origin: "http://evil.example" } } });
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses body-less and multipart writes from another site on every REST surface", () => {
    expect(send("/api/v1/instances/i1/cancel", { headers: { cookie: COOKIE, origin: "https://evil.example" } }).status).toBe(403);
    expect(send("/api/v1/definitions", { headers: { cookie: `__Secure-${COOKIE}`, "sec-fetch-site": "cross-site", "content-type": "multipart/form-data; boundary=x" }, body: "--x--" }).status).toBe(403);
    expect(send("/engine-rest/process-definition/key/p/start", { headers: { cookie: COOKIE, origin: "null" } }).status).toBe(403);
    expect(send("/v2/process-instances", { method: "PUT", headers: { cookie: COOKIE, origin: "http://localhost:3000.evil.example" } }).status).toBe(403);
    expect(send("/api/v1/tokens/t1", { method: "DELETE", headers: { cookie: COOKIE, origin: "http://evil.example" } }).status).toBe(403);
  });

  it("lets the same request through with a bearer token (not cookie-authenticated)", () => {
    const r = send("/api/v1/instances", { headers: { cookie: COOKIE, authorization: "Bearer bt_0123abcd_x", origin: "http://evil.example", "content-type": "text/plain" }, body: "{}" });
    expect(passed(r)).toBe(true);
  });

  it("lets same-origin JSON, multipart and body-less writes through", () => {
    const same = { cookie: COOKIE, origin: APP, "sec-fetch-site": "same-origin" };
    expect(passed(send("/api/v1/instances", { headers: { ...same, "content-type": "application/json" }, body: "{}" }))).toBe(true);
    expect(passed(send("/api/v1/definitions", { headers: { ...same, "content-type": "multipart/form-data; boundary=x" }, body: "--x--" }))).toBe(true);
    expect(passed(send("/api/v1/instances/i1/cancel", { headers: same }))).toBe(true);
    expect(passed(send("/api/v1/instances", { method: "GET", headers: { cookie: COOKIE, origin: "http://evil.example" } }))).toBe(true);
  });

  it("wants a JSON body from cookie-authenticated callers, even same-origin (415)", async () => {
    const r = send("/api/v1/instances", { headers: { cookie: COOKIE, origin: APP, "content-type": "text/plain;charset=UTF-8" }, body: "{}" });
    expect(r.status).toBe(415);
    expect(await r.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE", details: { contentType: "text/plain" } } });
    // No Origin at all (curl with a copied cookie): only the content-type rule applies.
    expect(send("/api/v1/instances", { headers: { cookie: COOKIE, "content-type": "application/x-www-form-urlencoded" }, body: "a=1" }).status).toBe(415);
    expect(passed(send("/api/v1/instances", { headers: { cookie: COOKIE, "content-type": "application/json" }, body: "{}" }))).toBe(true);
  });
});

describe("security headers (proxy.ts)", () => {
  it("gives pages a per-request nonce CSP and hands the nonce to Next", () => {
    const a = proxy(new NextRequest(`${APP}/inbox`, { headers: { host: "localhost:3000" } }));
    const b = proxy(new NextRequest(`${APP}/inbox`, { headers: { host: "localhost:3000" } }));
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain("unsafe-eval");
    expect(b.headers.get("content-security-policy")).not.toBe(csp);
    // The rewritten request headers Next passes on to rendering.
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(a.headers.get("permissions-policy")).toContain("camera=()");
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS only over HTTPS", () => {
    const r = proxy(new NextRequest("https://baton.example.com/inbox", { headers: { host: "baton.example.com" } }));
    expect(r.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const api = proxy(new NextRequest(`${APP}/api/v1/me`, { headers: { host: "localhost:3000" } }));
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("page addresses with a NUL character", () => {
  it("are answered 400 by the proxy before any page queries with them", () => {
    for (const path of ["/tasks/%00", "/requests/abc%00def", "/inbox?q=%00", "/inbox?view=offered&q=a%00"]) {
      const res = proxy(new NextRequest(`${APP}${path}`, { headers: { host: "localhost:3000" } }));
      expect(res.status, path).toBe(400);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect(proxy(new NextRequest(`${APP}/inbox?q=100%25`, { headers: { host: "localhost:3000" } })).status).toBe(200);
  });
});

