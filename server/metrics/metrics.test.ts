// /metrics after a run: the counters move, scrape-time gauges answer from the database, the
// endpoint needs its token, and the worker's listener serves the same text.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, type ApiFixture } from "../testing/api-fixture";
import { freePort } from "../testing/free-port";

const TOKEN = "metrics-test-token-0123456789";
const xml = fs.readFileSync(path.join(import.meta.dirname, "../../app/api/v1/__fixtures__/approval.bpmn"), "utf8");
let f: ApiFixture;
let r: { metrics: typeof import("../../app/metrics/route"); defs: typeof import("../../app/api/v1/definitions/route"); instances: typeof import("../../app/api/v1/instances/route"); tasks: typeof import("../../app/api/v1/tasks/route"); complete: typeof import("../../app/api/v1/tasks/[id]/complete/route") };

function value(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `) || (labels === "" && l.startsWith(`${name} `)));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

async function scrape(token: string | null = TOKEN) {
  const res = await r.metrics.GET(new Request("http://baton.test/metrics", { headers: token ? { authorization: `Bearer ${token}` } : {} }));
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  process.env.METRICS_TOKEN = TOKEN;
  f = await createApiFixture("metrics");
  r = {
    metrics: await import("../../app/metrics/route"),
    defs: await import("../../app/api/v1/definitions/route"),
    instances: await import("../../app/api/v1/instances/route"),
    tasks: await import("../../app/api/v1/tasks/route"),
    complete: await import("../../app/api/v1/tasks/[id]/complete/route"),
  };
  const d = await f.call(r.defs.POST, { method: "POST", path: "/definitions", token: f.tokens.admin, body: xml, headers: { "content-type": "application/xml" } });
  expect(d.status).toBe(201);
});
afterAll(async () => f?.close());

describe("/metrics", () => {
  it("refuses a scrape without the token, and a wrong one", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape("wrong-token-wrong-token-xx")).status).toBe(401);
  });

  it("shows instances, transitions, HTTP latency and open work moving after a run", async () => {
    const before = (await scrape()).text;
    for (let i = 0; i < 3; i++) {
      const s = await f.call(r.instances.POST, { method: "POST", path: "/instances", token: f.tokens.admin, body: { key: "approval", variables: { amount: i } } });
      expect(s.status).toBe(201);
    }
    const list = await f.call(r.tasks.GET, { path: "/tasks", token: f.tokens.admin });
    const task = list.body.items[0];
    const done = await f.call(r.complete.POST, { method: "POST", path: `/tasks/${task.id}/complete`, token: f.tokens.admin, params: { id: task.id }, body: { variables: { approved: true } } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);

    const after = await scrape();
    expect(after.status).toBe(200);
    expect(value(after.text, "baton_instances_started_total") - value(before, "baton_instances_started_total")).toBe(3);
    expect(value(after.text, "baton_transitions_total")).toBeGreaterThan(value(before, "baton_transitions_total") + 6);
    expect(value(after.text, "baton_instances_active")).toBeGreaterThanOrEqual(2);
    expect(after.text).toMatch(/baton_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/instances",status="201"\} [3-9]/);
    expect(after.text).toMatch(/baton_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/tasks\/:id\/complete",status="200"\} 1/);
    expect(after.text).toMatch(/baton_element_duration_seconds_count\{element_type="userTask"\} 1/);
    expect(after.text).toContain("baton_incidents_open 0");
    expect(after.text).toContain("baton_timers_overdue 0");
    expect(after.text).toMatch(/baton_queue_jobs\{queue="advance",state="waiting"\} \d+/);
    expect(after.text).toContain("baton_process_resident_memory_bytes");
  });

  it("the worker's listener serves the same registry with the same token rule", async () => {
    const { startMetricsServer } = await import("../../worker/metrics-server");
    const { queues } = await import("../queues/queues");
    const port = await freePort();
    const server = startMetricsServer({ db: f.db, queues: queues(), port, host: "127.0.0.1", token: TOKEN });
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const ok = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("baton_instances_started_total");
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});

describe("request ids", () => {
  it("every REST answer carries x-request-id: the caller's when it is a plain token, else a new one", async () => {
    const call = (id?: string) => r.instances.GET(new Request("http://baton.test/api/v1/instances", { headers: { authorization: `Bearer ${f.tokens.admin}`, ...(id !== undefined ? { "x-request-id": id } : {}) } }));
    expect((await call("trace-12345678")).headers.get("x-request-id")).toBe("trace-12345678");
    const injected = (await call("bad id\twith spaces")).headers.get("x-request-id");
    expect(injected).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call()).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("log context", () => {
  it("a request's log lines carry its request id, and the instance id once it acts on one", async () => {
    const { logContext } = await import("../log-context");
    const { startInstance } = await import("../commands/instances/start-instance");
    const { loadActor } = await import("../auth/load-actor");
    const admin = (await loadActor(f.db, "a_admin"))!;
    // what pino's mixin adds to every line written inside this request's context
    const fields = await logContext.run({ requestId: "req-12345678" }, async () => {
      await startInstance(admin, { key: "approval" });
      return { ...logContext.getStore() };
    });
    expect(fields).toMatchObject({ requestId: "req-12345678" });
    expect(fields.instanceId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
