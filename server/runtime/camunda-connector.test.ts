// Camunda's REST connector (io.camunda:http-json:1) runs natively in Baton's worker: result
// mapping, errorExpression turning a 404 into a BPMN error, retries on 5xx, and a timeout.
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../worker/start-worker";
import { startInstance } from "../commands/instances/start-instance";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";

describe("Camunda REST connector", () => {
  let rt: TestRuntime;
  let worker: RunningWorker;
  let server: http.Server;
  let base = "";
  const hits: Record<string, number[]> = {};
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      (hits[req.url!] ??= []).push(Date.now());
      if (req.url === "/orders/7") return void res.writeHead(200, { "content-type": "application/json" }).end('{"total":120.5}');
      if (req.url === "/orders/404") return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"missing"}');
      if (req.url === "/orders/flaky") {
        if (hits[req.url].length <= 2) return void res.writeHead(502).end("bad gateway");
        return void res.writeHead(200, { "content-type": "application/json" }).end('{"total":3}');
      }
      if (req.url === "/orders/slow") return; // never answers
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    rt = await createTestRuntime("camunda_rest");
    await rt.deploy(fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/camunda-rest-connector.bpmn"), "utf8"));
    worker = await startWorker({ db: rt.db, redisUrl: process.env.REDIS_URL!, prefix: rt.prefix, workerId: "w-c8", reconcileMs: 500 });
  });
  afterAll(async () => {
    await worker?.stop();
    await rt?.cleanup();
    server?.closeAllConnections();
    server?.close();
  });
  const start = (orderId: string) => startInstance(rt.actors.admin, { key: "fetch-order", variables: { baseUrl: base, orderId } }, { db: rt.db, queues: rt.queues });
  const ended = (id: string) =>
    waitFor(async () => {
      const r = await rt.db.processInstance.findUniqueOrThrow({ where: { id } });
      return r.status !== "ACTIVE" ? r : null;
    }, 15_000, "the instance to end");
  const endEvent = async (id: string) =>
    (await rt.db.auditEvent.findMany({ where: { chainId: id, type: "element.transition", elementId: { in: ["done", "missing"] } } })).map((a) => a.elementId);

  it("maps the response with resultExpression", async () => {
    const inst = await start("7");
    const row = await ended(inst.id);
    expect(row.status).toBe("COMPLETED");
    expect(row.variables).toMatchObject({ total: 120.5, status: 200 });
    expect(await endEvent(inst.id)).toContain("done");
  });

  it("turns a 404 into a BPMN error through errorExpression, caught by the boundary event", async () => {
    const inst = await start("404");
    const row = await ended(inst.id);
    expect(row.status).toBe("COMPLETED");
    expect(await endEvent(inst.id)).toContain("missing");
    expect(await endEvent(inst.id)).not.toContain("done");
    expect(hits["/orders/404"]).toHaveLength(1);
  });

  it("retries a 502 with backoff and completes when the service recovers", async () => {
    const inst = await start("flaky");
    const row = await ended(inst.id);
    expect(row.status).toBe("COMPLETED");
    expect(hits["/orders/flaky"]).toHaveLength(3);
    expect(row.variables).toMatchObject({ total: 3 });
  });

  it("times out after readTimeoutInSeconds, retries, then raises an incident", async () => {
    const inst = await start("slow");
    const inc = await waitFor(() => rt.db.incident.findFirst({ where: { instanceId: inst.id } }), 20_000, "an incident");
    expect(inc.type).toBe("serviceFailed");
    expect(inc.message).toMatch(/after 4 attempts/);
    expect(inc.message.toLowerCase()).toContain("timed out");
    expect(hits["/orders/slow"]).toHaveLength(4);
  });
});
