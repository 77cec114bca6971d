// Incidents an operator can fix: a service call that failed for good (retried with the
// variables fixed) and an exclusive gateway with no true condition.
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../worker/start-worker";
import { retryIncident } from "../commands/incidents/retry-incident";
import { setVariables } from "../commands/instances/set-variables";
import { startInstance } from "../commands/instances/start-instance";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";

describe("incidents", () => {
  let rt: TestRuntime;
  let worker: RunningWorker;
  let server: http.Server;
  let base = "";
  const hits: Record<string, number> = {};
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits[req.url!] = (hits[req.url!] ?? 0) + 1;
      if (req.url === "/missing") return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"no such order"}');
      if (req.url === "/down") return void res.writeHead(503).end("down");
      res.writeHead(200, { "content-type": "application/json" }).end('{"size":9}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    rt = await createTestRuntime("incidents");
    await rt.deploy(fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/incidents.bpmn"), "utf8"));
    worker = await startWorker({ db: rt.db, redisUrl: process.env.REDIS_URL!, prefix: rt.prefix, workerId: "w-inc", reconcileMs: 500 });
  });
  afterAll(async () => {
    await worker?.stop();
    await rt?.cleanup();
    server?.close();
  });
  const deps = () => ({ db: rt.db, queues: rt.queues });
  const openIncident = (instanceId: string) => waitFor(() => rt.db.incident.findFirst({ where: { instanceId, status: "OPEN" } }), 10_000, "an incident");
  const completed = (instanceId: string) =>
    waitFor(async () => ((await rt.db.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status === "COMPLETED" ? true : null), 10_000, "completion");

  it("does not retry a 404: an incident at once; fixing the URL and retrying completes the instance", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "call-then-route", variables: { erpUrl: `${base}/missing`, size: 1 } }, deps());
    const inc = await openIncident(inst.id);
    expect(inc).toMatchObject({ type: "serviceFailed", elementId: "call" });
    expect(inc.message).toContain("HTTP 404");
    expect(hits["/missing"]).toBe(1);
    expect((await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } })).hasIncident).toBe(true);

    await expect(retryIncident(rt.actors.manager, { incidentId: inc.id }, deps())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(retryIncident(rt.actors.other, { incidentId: inc.id }, deps())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await setVariables(rt.actors.operator, { instanceId: inst.id, variables: { erpUrl: `${base}/orders/1` } }, deps());
    await retryIncident(rt.actors.operator, { incidentId: inc.id }, deps());
    await completed(inst.id);
    const row = await rt.db.processInstance.findUniqueOrThrow({ where: { id: inst.id } });
    expect(row.hasIncident).toBe(false);
    expect((row.variables as { erp: { body: unknown } }).erp.body).toEqual({ size: 9 });
    expect((await rt.db.incident.findUniqueOrThrow({ where: { id: inc.id } })).status).toBe("RESOLVED");
  });

  it("retries a 503 the model's number of times, then raises an incident", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "call-then-route", variables: { erpUrl: `${base}/down`, size: 1 } }, deps());
    const inc = await openIncident(inst.id);
    expect(hits["/down"]).toBe(3); // the first call and 2 retries
    expect(inc.message).toContain("after 3 attempts");
  });

  it("raises an incident when no gateway condition is true, and continues after the variables are fixed", async () => {
    const inst = await startInstance(rt.actors.admin, { key: "call-then-route", variables: { erpUrl: `${base}/ok` } }, deps());
    // `size` comes from the ERP answer's body only if mapped; here it is missing: no condition holds.
    const inc = await openIncident(inst.id);
    expect(inc.elementId).toBe("route");
    expect(inc.message.length).toBeGreaterThan(10);
    await setVariables(rt.actors.operator, { instanceId: inst.id, variables: { size: 7 } }, deps());
    await retryIncident(rt.actors.operator, { incidentId: inc.id }, deps());
    await completed(inst.id);
    const taken = await rt.db.auditEvent.findMany({ where: { chainId: inst.id, type: "element.transition", elementId: { in: ["big", "small"] } } });
    expect(taken.map((t) => t.elementId)).toEqual(["big"]);
  });
});
