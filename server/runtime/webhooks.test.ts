// A message throw event reaches outside subscribers as a signed webhook (HMAC-SHA256),
// retried until the receiver accepts it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../worker/start-worker";
import { verifyWebhookSignature } from "../connectors/webhook";
import { startInstance } from "../commands/instances/start-instance";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";

const SECRET = "test-webhook-secret-0123456789";

describe("message webhooks", () => {
  let rt: TestRuntime;
  let worker: RunningWorker;
  let server: http.Server;
  const received: { body: string; signature: string; eventId: string }[] = [];
  let rejectFirst = true;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (rejectFirst) {
          rejectFirst = false;
          return void res.writeHead(503).end();
        }
        received.push({ body, signature: String(req.headers["baton-signature"]), eventId: String(req.headers["baton-event-id"]) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    process.env.BATON_WEBHOOK_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    process.env.BATON_WEBHOOK_SECRET = SECRET;
    rt = await createTestRuntime("webhooks");
    await rt.deploy(fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/message-throw.bpmn"), "utf8"));
    worker = await startWorker({ db: rt.db, redisUrl: process.env.REDIS_URL!, prefix: rt.prefix, workerId: "w-hook", reconcileMs: 500 });
  });
  afterAll(async () => {
    await worker?.stop();
    await rt?.cleanup();
    server?.close();
  });

  it("delivers a signed webhook for a message throw event, retrying after a 503", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "shipper", variables: { orderId: "O-7" } }, { db: rt.db, queues: rt.queues });
    const hook = await waitFor(async () => received[0], 15_000, "the webhook");
    const v = verifyWebhookSignature(hook.signature, hook.body, SECRET);
    expect(v.ok).toBe(true);
    expect(verifyWebhookSignature(hook.signature, hook.body.replace("O-7", "O-8"), SECRET).ok).toBe(false);
    expect(JSON.parse(hook.body)).toMatchObject({ type: "message.published", name: "order-shipped", correlationKey: "O-7", instanceId: inst.id, elementId: "shipped" });
    expect(hook.eventId).toMatch(/[0-9a-f-]{36}/);
    expect(rejectFirst).toBe(false);
    await waitFor(async () => (await rt.db.outboxJob.count()) === 0, 10_000, "the outbox to drain");
  });
});
