import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/service.bpmn?raw";
import { driverWith, effectsOf } from "../../testing/fixtures";

describe("service task and script task", () => {
  it("calls a job worker, maps its result, then an HTTP connector with evaluated url and headers", async () => {
    const d = await driverWith([xml]);
    const id = d.start("svc", { customerId: "c-9" });
    const [job] = effectsOf(d, id, "callService") as Array<Record<string, unknown>>;
    expect(job).toMatchObject({ elementId: "charge", call: { kind: "job", jobType: "payment", retries: 3, headers: { provider: "stripe" } }, variables: { customerId: "c-9" } });
    d.completeJob(id, "charge", { receipt: { id: "r-1", raw: "…" } });
    // only the output mapping reaches the process, not the whole job payload
    expect(d.state(id).scopes[d.state(id).rootScopeId]!.vars).toEqual({ customerId: "c-9", receiptId: "r-1" });
    const http = (effectsOf(d, id, "callService") as Array<Record<string, unknown>>)[1];
    expect(http).toMatchObject({ elementId: "lookup", call: { kind: "http", method: "GET", url: "https://api.example.com/customers/c-9", headers: { "X-Receipt": "r-1" }, timeoutMs: 5000 } });
    d.completeJob(id, "lookup", undefined, { tier: "gold" });
    const s = d.state(id);
    expect(s.status).toBe("completed");
    expect(s.scopes[s.rootScopeId]!.vars).toMatchObject({ customer: { tier: "gold" }, tier: "GOLD" });
  });

  it("a BPMN error from the worker is caught by the error boundary", async () => {
    const d = await driverWith([xml]);
    const id = d.start("svc", { customerId: "c-9" });
    d.failJob(id, "charge", "E_DECLINED", "card declined", { reason: "funds" });
    const s = d.state(id);
    expect(s.status).toBe("completed");
    expect(s.scopes[s.rootScopeId]!.vars.reason).toBe("funds");
    expect(d.jobs.size).toBe(0);
  });

  it("an error code nobody catches is an incident on the task", async () => {
    const d = await driverWith([xml]);
    const id = d.start("svc", { customerId: "c-9" });
    d.failJob(id, "charge", "E_OTHER");
    expect(Object.values(d.state(id).incidents)).toMatchObject([{ kind: "unhandledError", elementId: "charge", errorCode: "E_OTHER" }]);
  });

  it("a script over missing data yields null (FEEL is lenient), not an incident", async () => {
    const d = await driverWith([xml]);
    const id = d.start("svc", { customerId: "c-9" });
    d.completeJob(id, "charge", { receipt: { id: "r-1" } });
    d.completeJob(id, "lookup", undefined, "not an object");
    const s = d.state(id);
    expect(s.status).toBe("completed");
    expect(s.scopes[s.rootScopeId]!.vars.tier).toBeNull();
  });
});
