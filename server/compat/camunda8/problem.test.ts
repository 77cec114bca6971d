// Error bodies and value translations of the Camunda 8 surface (no I/O).
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { BatonError } from "../../errors";
import { logger } from "../../log";
import { DEFAULT_LONG_POLL_MS, longPollMs } from "./jobs";
import { CamundaProblem, problemOf, problemResponse } from "./problem";
import { camundaState } from "./process-instances";
import { ZActivateJobsBody, ZCreateInstanceBody } from "./schemas";
import { fromCamundaCursor, toCamundaCursor } from "./user-tasks";

const at = "/v2/process-instances/123";

describe("Problem Detail bodies", () => {
  it("maps every Baton error code to Camunda's status and title", () => {
    const cases: [BatonError["code"], number, string][] = [
      ["VALIDATION", 400, "INVALID_ARGUMENT"],
      ["UNPROCESSABLE", 400, "INVALID_ARGUMENT"],
      ["UNAUTHENTICATED", 401, "UNAUTHORIZED"],
      ["FORBIDDEN", 403, "FORBIDDEN"],
      ["NOT_FOUND", 404, "NOT_FOUND"],
      ["CONFLICT", 409, "INVALID_STATE"],
      ["RATE_LIMITED", 429, "RESOURCE_EXHAUSTED"],
      ["UNAVAILABLE", 503, "UNAVAILABLE"],
    ];
    for (const [code, status, title] of cases) {
      expect(problemOf(new BatonError(code, `it was ${code}`), at)).toEqual({ type: "about:blank", title, status, detail: `it was ${code}`, instance: at });
    }
  });

  it("keeps compat-only problems, names the field of a ZodError, and hides internal errors", () => {
    expect(problemOf(new CamundaProblem(504, "DEADLINE_EXCEEDED", "too slow"), at)).toMatchObject({ status: 504, title: "DEADLINE_EXCEEDED", detail: "too slow" });
    const zerr = z.object({ jobId: z.string() }).safeParse({}).error!;
    expect(problemOf(zerr, at)).toMatchObject({ status: 400, title: "INVALID_ARGUMENT", detail: expect.stringMatching(/^jobId: /) });
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const internal = problemOf(new Error("connection to 10.0.0.3 refused"), at);
    expect(internal).toMatchObject({ status: 500, title: "INTERNAL" });
    expect(internal.detail).not.toContain("10.0.0.3");
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });

  it("answers application/problem+json, with a challenge on 401", async () => {
    const r = problemResponse(problemOf(new BatonError("UNAUTHENTICATED", "who are you"), "/v2/topology"));
    expect(r.status).toBe(401);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    expect(r.headers.get("www-authenticate")).toContain("Basic");
    expect(await r.json()).toEqual({ type: "about:blank", title: "UNAUTHORIZED", status: 401, detail: "who are you", instance: "/v2/topology" });
    expect(problemResponse(problemOf(new BatonError("NOT_FOUND", "x"), at)).headers.get("www-authenticate")).toBeNull();
  });
});

describe("value translations", () => {
  it("reads Java longs sent as numbers or strings, and refuses other tenants", () => {
    expect(ZActivateJobsBody.parse({ type: "t", timeout: "30000", maxJobsToActivate: 5, requestTimeout: -1 })).toMatchObject({ timeout: 30000, requestTimeout: -1 });
    expect(ZCreateInstanceBody.parse({ processDefinitionKey: 2251799813685249, tenantId: "<default>" })).toMatchObject({ processDefinitionKey: "2251799813685249", variables: {} });
    expect(ZCreateInstanceBody.safeParse({ processDefinitionId: "p", tenantId: "acme" }).success).toBe(false);
    expect(ZCreateInstanceBody.safeParse({ variables: {} }).success).toBe(false);
  });

  it("translates the long-poll timeout: 0 = Zeebe's default, < 0 = at once, capped at Baton's 60 s", () => {
    expect(longPollMs(undefined)).toBe(DEFAULT_LONG_POLL_MS);
    expect(longPollMs(0)).toBe(DEFAULT_LONG_POLL_MS);
    expect(longPollMs(-1)).toBe(0);
    expect(longPollMs(2500)).toBe(2500);
    expect(longPollMs(600_000)).toBe(60_000);
  });

  it("names Baton's instance statuses with Camunda's three states", () => {
    expect(["ACTIVE", "COMPLETED", "CANCELED", "TERMINATED"].map((s) => camundaState(s as never))).toEqual(["ACTIVE", "COMPLETED", "TERMINATED", "TERMINATED"]);
  });

  it("round-trips Baton's base64url cursors through the standard base64 Camunda's clients check", () => {
    const camundaCursor = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=)?$/;
    for (let n = 1; n < 40; n++) {
      const baton = Buffer.from(JSON.stringify(["2026-11-23T20:00:00.000Z", `id-${"?>".repeat(n)}`])).toString("base64url");
      const c = toCamundaCursor(baton);
      expect(c).toMatch(camundaCursor);
      expect(fromCamundaCursor(c)).toBe(baton);
    }
  });
});
