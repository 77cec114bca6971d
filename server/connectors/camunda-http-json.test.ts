import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { camundaHttpCall, camundaResultMapping, mapCamundaOutcome, type CamundaResultMapping } from "./camunda-http-json";
import { executeHttpCall, type HttpOutcome } from "./http-connector";
import { json, startTestServer, type TestServer } from "./test-server";

describe("camundaHttpCall (inputs)", () => {
  it("maps method, url, headers, query, body, bearer auth and timeouts", () => {
    const res = camundaHttpCall({
      method: "post",
      url: "https://api.example.com/orders",
      headers: { "X-Req": "1", n: 2, dropped: null },
      queryParameters: '{"page": "2"}',
      body: { item: "a" },
      authentication: { type: "bearer", token: "{{secrets.API_TOKEN}}" },
      connectionTimeoutInSeconds: "20",
      readTimeoutInSeconds: 5,
    });
    expect(res).toEqual({
      ok: true,
      value: {
        kind: "http",
        method: "POST",
        url: "https://api.example.com/orders",
        headers: { "X-Req": "1", n: "2" },
        query: { page: "2" },
        body: { item: "a" },
        auth: { type: "bearer", token: "{{secrets.API_TOKEN}}" },
        connectTimeoutMs: 20_000,
        readTimeoutMs: 5_000,
      },
    });
  });

  it("reads flat `authentication.*` inputs, basic, apiKey and noAuth", () => {
    const basic = camundaHttpCall({ method: "GET", url: "http://x", "authentication.type": "basic", "authentication.username": "u", "authentication.password": "p" });
    expect(basic.ok && basic.value.auth).toEqual({ type: "basic", username: "u", password: "p" });
    const key = camundaHttpCall({ method: "GET", url: "http://x", authentication: { type: "apiKey", apiKeyLocation: "query", name: "key", value: "v" } });
    expect(key.ok && key.value.query).toEqual({ key: "v" });
    const none = camundaHttpCall({ method: "GET", url: "http://x", authentication: { type: "noAuth" } });
    expect(none.ok && none.value.auth).toBeUndefined();
  });

  it("explains invalid or unsupported inputs", () => {
    expect(camundaHttpCall({ method: "FETCH", url: "http://x" })).toMatchObject({ ok: false, error: expect.stringMatching(/method/) });
    expect(camundaHttpCall({ method: "GET" })).toMatchObject({ ok: false, error: expect.stringMatching(/url/) });
    expect(camundaHttpCall({ method: "GET", url: "http://x", authentication: { type: "bearer" } })).toMatchObject({ ok: false, error: expect.stringMatching(/token/) });
    expect(camundaHttpCall({ method: "GET", url: "http://x", authentication: { type: "oauth-client-credentials-flow" } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not supported/),
    });
    expect(camundaHttpCall({ method: "GET", url: "http://x", storeResponse: true })).toMatchObject({ ok: false, error: expect.stringMatching(/storeResponse/) });
  });
});

describe("camundaResultMapping (task headers)", () => {
  it("reads resultVariable, expressions, retries and an ISO retryBackoff", () => {
    expect(
      camundaResultMapping({ resultVariable: "res", resultExpression: "={a: body.a}", errorExpression: "=null", retryBackoff: "PT30S" }, 5),
    ).toEqual({ ok: true, value: { resultVariable: "res", resultExpression: "={a: body.a}", errorExpression: "=null", retries: 5, retryBackoffMs: 30_000 } });
    expect(camundaResultMapping({})).toEqual({ ok: true, value: {} });
    expect(camundaResultMapping({ retryBackoff: "soon" })).toMatchObject({ ok: false });
    expect(camundaResultMapping({ resultVariable: "a b" })).toMatchObject({ ok: false });
  });
});

describe("mapCamundaOutcome", () => {
  const ok: HttpOutcome = { ok: true, status: 200, headers: { "content-type": "application/json" }, body: { order: { id: 9, total: 12.5 } } };

  it("stores the response in resultVariable and merges resultExpression's context", () => {
    const m: CamundaResultMapping = { resultVariable: "raw", resultExpression: "={orderId: response.body.order.id, total: body.order.total, code: status}" };
    expect(mapCamundaOutcome(ok, m)).toEqual({
      kind: "complete",
      variables: { raw: { status: 200, headers: ok.ok && ok.headers, body: ok.ok && ok.body }, orderId: 9, total: 12.5, code: 200 },
    });
  });

  it("raises an incident when resultExpression is broken or not a context", () => {
    expect(mapCamundaOutcome(ok, { resultExpression: "=response.body.order.id" })).toMatchObject({ kind: "incident", message: expect.stringMatching(/context/) });
    expect(mapCamundaOutcome(ok, { resultExpression: "={a: }" })).toMatchObject({ kind: "incident" });
  });

  it("can turn a successful response into a BPMN error", () => {
    const m = { errorExpression: '=if response.body.order.total > 10 then bpmnError("TOO_BIG", "total " + string(body.order.total)) else null' };
    expect(mapCamundaOutcome(ok, m)).toEqual({ kind: "bpmnError", code: "TOO_BIG", message: "total 12.5", variables: {} });
  });

  it("ignores a bpmnError without a code and a null result", () => {
    expect(mapCamundaOutcome(ok, { errorExpression: '=bpmnError("", "x")' })).toMatchObject({ kind: "complete" });
    expect(mapCamundaOutcome(ok, { errorExpression: "=null" })).toMatchObject({ kind: "complete" });
  });

  it("supports jobError with retries and an ISO backoff", () => {
    const out = mapCamundaOutcome(ok, { errorExpression: '=jobError("try later", {n: 1}, job.retries - 1, @"PT10S")' }, 3);
    expect(out).toEqual({ kind: "fail", message: "try later", retryable: true, retries: 2, retryBackoffMs: 10_000, variables: { n: 1 } });
  });

  it("passes failed calls through with their classification when nothing maps them", () => {
    const failed: HttpOutcome = { ok: false, retryable: true, status: 429, error: "HTTP 429", retryAfterMs: 5000 };
    expect(mapCamundaOutcome(failed, { retryBackoffMs: 1000 })).toEqual({ kind: "fail", message: "HTTP 429", retryable: true, retryBackoffMs: 1000, retryAfterMs: 5000 });
  });

  describe("against a real server", () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer();
    });
    afterAll(() => srv.close());

    it("maps a 4xx to a BPMN error via errorExpression (error.code is the status as text)", async () => {
      srv.handle((_r, res) => json(res, 404, { reason: "unknown customer" }));
      const input = camundaHttpCall({ method: "GET", url: `${srv.url}/customers/1` });
      if (!input.ok) throw new Error(input.error);
      const outcome = await executeHttpCall(input.value);
      const mapping = camundaResultMapping({
        errorExpression: '=if error.code = "404" then bpmnError("NOT_FOUND", error.response.body.reason, {status: error.response.status}) else null',
      });
      if (!mapping.ok) throw new Error(mapping.error);
      expect(mapCamundaOutcome(outcome, mapping.value)).toEqual({
        kind: "bpmnError",
        code: "NOT_FOUND",
        message: "unknown customer",
        variables: { status: 404 },
      });
    });

    it("leaves an unmapped 4xx as a final failure and completes a 200 with the result", async () => {
      const errorExpression = '=if error.code = "404" then bpmnError("NOT_FOUND", "x") else null';
      srv.handle((_r, res) => json(res, 403, {}));
      const input = camundaHttpCall({ method: "GET", url: `${srv.url}/a`, queryParameters: { q: "1" } });
      if (!input.ok) throw new Error(input.error);
      expect(mapCamundaOutcome(await executeHttpCall(input.value), { errorExpression })).toMatchObject({ kind: "fail", retryable: false, message: "HTTP 403 Forbidden" });

      srv.handle((_r, res) => json(res, 200, { id: "c1" }));
      const done = mapCamundaOutcome(await executeHttpCall(input.value), { errorExpression, resultExpression: "={customerId: response.body.id}" });
      expect(done).toEqual({ kind: "complete", variables: { customerId: "c1" } });
      expect(srv.received[0].url).toBe("/a?q=1");
    });
  });
});
