import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestServer, type TestServer } from "./test-server";
import { sendWebhook, signWebhook, verifyWebhookSignature } from "./webhook";

const secret = "whsec_test_0123456789";
const body = JSON.stringify({ event: "order.shipped", id: 7 });
const t = 1_900_000_000;

describe("webhook signatures", () => {
  it("signs as t=<seconds>,v1=<hex HMAC-SHA256 of `t.body`>", () => {
    const expected = crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signWebhook(body, secret, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies a valid signature within the tolerance", () => {
    const header = signWebhook(body, secret, t);
    expect(verifyWebhookSignature(header, body, secret, 300, t + 299)).toEqual({ ok: true, timestamp: t });
  });

  it("rejects a tampered body, a wrong secret and a tampered timestamp", () => {
    const header = signWebhook(body, secret, t);
    expect(verifyWebhookSignature(header, body.replace("7", "8"), secret, 300, t)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature(header, body, "other", 300, t)).toEqual({ ok: false, reason: "mismatch" });
    const shifted = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(verifyWebhookSignature(shifted, body, secret, 300, t)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("rejects old (replayed) and far-future timestamps even with a valid signature", () => {
    const header = signWebhook(body, secret, t);
    expect(verifyWebhookSignature(header, body, secret, 300, t + 301)).toEqual({ ok: false, reason: "stale" });
    expect(verifyWebhookSignature(header, body, secret, 300, t - 301)).toEqual({ ok: false, reason: "stale" });
  });

  it("rejects malformed headers and accepts any of several v1 signatures (secret rotation)", () => {
    expect(verifyWebhookSignature(undefined, body, secret, 300, t).ok).toBe(false);
    expect(verifyWebhookSignature("garbage", body, secret, 300, t)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyWebhookSignature(`t=${t},v1=abc`, body, secret, 300, t)).toEqual({ ok: false, reason: "malformed" });
    const oldSig = signWebhook(body, "old-secret", t).split(",")[1];
    const header = `${signWebhook(body, secret, t)},${oldSig}`;
    expect(verifyWebhookSignature(header, body, "old-secret", 300, t).ok).toBe(true);
    expect(verifyWebhookSignature(header, body, secret, 300, t).ok).toBe(true);
  });
});

describe("sendWebhook", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv.close());

  it("POSTs signed JSON with an event id the receiver can verify and dedupe on", async () => {
    srv.handle((_r, res) => json(res, 200, { received: true }));
    const now = 1_900_000_123_456;
    const out = await sendWebhook(`${srv.url}/hook`, { order: 7 }, secret, {
      eventId: "evt_1",
      eventType: "order.shipped",
      now: () => now,
      headers: { "Content-Type": "text/plain", "X-Tenant": "acme" },
    });
    expect(out).toMatchObject({ ok: true, status: 200 });
    const req = srv.received[0];
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["baton-event-id"]).toBe("evt_1");
    expect(req.headers["baton-event-type"]).toBe("order.shipped");
    expect(req.headers["x-tenant"]).toBe("acme");
    expect(JSON.parse(req.body)).toEqual({ order: 7 });
    const header = String(req.headers["baton-signature"]);
    expect(header.startsWith("t=1900000123,")).toBe(true);
    expect(verifyWebhookSignature(header, req.body, secret, 300, 1_900_000_123)).toEqual({ ok: true, timestamp: 1_900_000_123 });
  });

  it("reports receiver failures with the usual retry classification", async () => {
    srv.handle((_r, res) => json(res, 503, {}, { "retry-after": "2" }));
    expect(await sendWebhook(`${srv.url}/hook`, {}, secret, { eventId: "e2" })).toMatchObject({ ok: false, retryable: true, retryAfterMs: 2000 });
    srv.handle((_r, res) => json(res, 410, {}));
    expect(await sendWebhook(`${srv.url}/hook`, {}, secret, { eventId: "e3" })).toMatchObject({ ok: false, retryable: false, status: 410 });
  });
});
