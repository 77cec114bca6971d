// The sign-in callback check against the usual open-redirect bypasses (issue 17). Each case is
// judged the way a browser would: resolve the answer against the app and see where it lands.
import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeRedirect } from "./safe-callback";

const APP = "http://localhost:3000";
const lands = (answer: string) => new URL(answer, APP);

describe("safeCallbackPath", () => {
  it.each([
    ["/\\evil.example/phish"], // what Next hands the page for ?callbackUrl=/%5Cevil.example/phish
    ["\\\\evil.example"],
    ["/\\/evil.example"],
    ["//evil.example/phish"],
    ["///evil.example"],
    ["/.//evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["\t//evil.example"],
    [" //evil.example"],
    ["javascript:alert(document.cookie)"],
    ["JaVaScRiPt:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["https://evil.example/phish"],
    ["http:evil.example"],
    ["http://localhost:3000@evil.example/phish"],
    ["http://localhost:3000.evil.example/"],
    ["https://localhost:3000/"],
    ["http://localhost:3001/"],
    ["HTTP://EVIL.EXAMPLE"],
  ])("keeps %j on the app's origin", (raw) => {
    const answer = safeCallbackPath(raw, APP);
    expect(lands(answer).origin).toBe(APP);
    expect(answer.startsWith("/") && !answer.startsWith("//")).toBe(true);
    // Relative forms (`http:evil.example` is the path /evil.example here, as in a browser) may stay paths.
    if (/^\s*[a-z]+:\/\//i.test(raw) || /^(javascript|data):/i.test(raw)) expect(answer).toBe("/");
  });

  it("decodes nothing itself: an encoded bypass stays a harmless path on the app", () => {
    // The page receives query values decoded once; encoded leftovers are path text, not a host.
    for (const raw of ["/%5Cevil.example/phish", "%2F%2Fevil.example", "/%2F%2Fevil.example", "/%09/evil.example"]) {
      const answer = safeCallbackPath(raw, APP);
      expect(lands(answer).origin, raw).toBe(APP);
      expect(answer.startsWith("//"), raw).toBe(false);
    }
    expect(safeCallbackPath("%2F%2Fevil.example", APP)).toBe("/%2F%2Fevil.example");
  });

  it("keeps legitimate paths, queries and hashes, and same-origin absolute URLs as paths", () => {
    expect(safeCallbackPath("/tasks?view=mine#top", APP)).toBe("/tasks?view=mine#top");
    expect(safeCallbackPath("/instances/abc", APP)).toBe("/instances/abc");
    expect(safeCallbackPath("http://localhost:3000/audit?page=2", APP)).toBe("/audit?page=2");
    expect(safeCallbackPath("http://user:pw@localhost:3000/audit", APP)).toBe("/");
  });

  it("falls back for values that are not URLs", () => {
    expect(safeCallbackPath(undefined, APP)).toBe("/");
    expect(safeCallbackPath(["/a"], APP)).toBe("/");
    expect(safeCallbackPath("", APP, "/inbox")).toBe("/inbox");
    expect(safeCallbackPath("http://[::1", APP)).toBe("/");
    expect(safeCallbackPath(`/${"a".repeat(3000)}`, APP)).toBe("/");
  });
});

describe("safeRedirect (next-auth's redirect callback)", () => {
  it("answers absolute URLs on the base URL only", () => {
    expect(safeRedirect({ url: "/tasks", baseUrl: APP })).toBe(`${APP}/tasks`);
    expect(safeRedirect({ url: `${APP}/tasks`, baseUrl: APP })).toBe(`${APP}/tasks`);
    expect(safeRedirect({ url: "/\\evil.example/phish", baseUrl: APP })).toBe(`${APP}/`);
    expect(safeRedirect({ url: "https://evil.example", baseUrl: APP })).toBe(`${APP}/`);
    expect(safeRedirect({ url: "http://localhost:3000@evil.example", baseUrl: APP })).toBe(`${APP}/`);
  });
});
