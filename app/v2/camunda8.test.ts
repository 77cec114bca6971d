// The official Camunda 8 client (@camunda8/orchestration-cluster-api, unmodified) against
// Baton's /v2 route handlers served over real HTTP in process, with response validation
// `res:fanatical` (any field missing, mistyped or unknown to Camunda's schema fails the call),
// a real worker, PostgreSQL and Redis.
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCamundaClient, type CamundaClient } from "@camunda8/orchestration-cluster-api";
import { createApiFixture, ROLE_USERS, type ApiFixture } from "@/server/testing/api-fixture";
import { waitFor } from "@/server/testing/runtime";
import type { RunningWorker } from "@/worker/start-worker";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { re: RegExp; module: Record<string, Handler | unknown>; rank: number };

const fixtures = path.join(import.meta.dirname, "__fixtures__");
const ORDER_BPMN = fs.readFileSync(path.join(fixtures, "c8-order.bpmn"));

let f: ApiFixture;
let server: http.Server;
let url: string;
let worker: RunningWorker;
let client: CamundaClient;
const clients: CamundaClient[] = [];

/** Every app/v2/**\/route.ts, matched the way Next matches them. */
async function loadRoutes(): Promise<Route[]> {
  const files = (fs.readdirSync(import.meta.dirname, { recursive: true }) as string[]).filter((p) => path.basename(p) === "route.ts");
  const routes = await Promise.all(
    files.map(async (file) => {
      const segments = path.dirname(file).split(path.sep).filter((s) => s !== ".");
      const pattern = segments
        .map((s) => (s.startsWith("[...") ? "(?<rest>.+)" : s.startsWith("[") ? `(?<${s.slice(1, -1)}>[^/]+)` : s.replace(/[.-]/g, "\\$&")))
        .join("/");
      const module = await import(/* @vite-ignore */ `./${file.replace(/\.ts$/, "")}`);
      const rank = segments.some((s) => s.startsWith("[...")) ? 1000 : segments.filter((s) => s.startsWith("[")).length;
      return { re: new RegExp(`^/v2/${pattern}$`), module, rank };
    }),
  );
  // As Next does: static segments win over dynamic ones, a catch-all comes last.
  return routes.sort((a, b) => a.rank - b.rank);
}

function newClient(overrides: Record<string, string> = {}): CamundaClient {
  const c = createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: url,
      CAMUNDA_AUTH_STRATEGY: "BASIC",
      CAMUNDA_BASIC_AUTH_USERNAME: `${ROLE_USERS.admin}@test.local`,
      CAMUNDA_BASIC_AUTH_PASSWORD: f.tokens.admin,
      CAMUNDA_SDK_VALIDATION: "res:fanatical",
      CAMUNDA_SDK_LOG_LEVEL: process.env.C8_LOG ?? "silent",
      ...overrides,
    } as never,
  });
  clients.push(c);
  return c;
}

const noWait = { consistency: { waitUpToMs: 0 } };

beforeAll(async () => {
  f = await createApiFixture("c8");
  const { startWorker } = await import("@/worker/start-worker");
  worker = await startWorker({ db: f.db, redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", prefix: process.env.REDIS_PREFIX!, workerId: "c8-test", batchWaitMs: 2 });
  const routes = await loadRoutes();
  server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const headers = Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : []));
    const request = new Request(u, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, signal: aborted.signal });
    const hit = routes.find((r) => r.re.test(u.pathname));
    const handler = hit?.module[req.method ?? "GET"] as Handler | undefined;
    const response = handler
      ? await handler(request, { params: Promise.resolve({ ...u.pathname.match(hit!.re)!.groups }) })
      : new Response(null, { status: hit ? 405 : 404 });
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  client = newClient();
}, 60_000);

afterAll(async () => {
  for (const c of clients) for (const w of (c as unknown as { _workers: { stop(): void }[] })._workers) w.stop();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await worker?.stop();
  await f?.close();
}, 60_000);

async function deploy() {
  return client.createDeployment({ resources: [new File([ORDER_BPMN], "c8-order.bpmn", { type: "application/xml" })] });
}

async function instanceState(key: string) {
  return (await client.getProcessInstance({ processInstanceKey: key as never }, noWait)).state;
}

describe("Camunda 8 client against /v2", () => {
  let deployment: Awaited<ReturnType<typeof deploy>>;

  it("reads the topology and deploys a BPMN resource", async () => {
    const topology = await client.getTopology();
    expect(topology).toMatchObject({ clusterSize: 1, partitionsCount: 1, gatewayVersion: expect.stringMatching(/^8\.8/) });
    deployment = await deploy();
    expect(deployment.tenantId).toBe("<default>");
    expect(deployment.deploymentKey).toMatch(/^\d+$/);
    const processes = deployment.deployments.map((d) => d.processDefinition!);
    expect(processes.map((p) => [p.processDefinitionId, p.processDefinitionVersion, p.resourceName]).sort()).toEqual([
      ["c8-order", 1, "c8-order.bpmn"],
      ["c8-quick", 1, "c8-order.bpmn"],
    ]);
    expect(BigInt(processes[0].processDefinitionKey)).toBeGreaterThan(2n ** 51n);
    // The same XML again: no new version, the same definition key.
    const again = await deploy();
    expect(again.deployments.map((d) => d.processDefinition!.processDefinitionKey).sort()).toEqual(processes.map((p) => p.processDefinitionKey).sort());
  });

  it("runs instances through the job worker, a published message and a BPMN error caught by the boundary", async () => {
    const seen: { key: string; headers: unknown; worker: string }[] = [];
    client.createJobWorker({
      jobType: "c8-charge",
      maxParallelJobs: 4,
      jobTimeoutMs: 30_000,
      pollTimeoutMs: 1000,
      workerName: "charger",
      jobHandler: async (job) => {
        seen.push({ key: job.jobKey, headers: job.customHeaders, worker: job.worker });
        const amount = Number(job.variables.amount);
        if (amount > 100) return job.error({ errorCode: "E_DECLINED", errorMessage: "over the limit", variables: { declinedAmount: amount } });
        return job.complete({ charged: amount });
      },
    });
    client.createJobWorker({
      jobType: "c8-ship",
      maxParallelJobs: 4,
      jobTimeoutMs: 30_000,
      pollTimeoutMs: 1000,
      jobHandler: (job) => job.complete({ shipped: true }),
    });

    const ok = await client.createProcessInstance({ processDefinitionId: "c8-order" as never, variables: { orderId: "A-1", amount: 10 } });
    expect(ok).toMatchObject({ processDefinitionId: "c8-order", processDefinitionVersion: 1, tenantId: "<default>", variables: {} });
    // The charge job completes; the instance then waits for the payment message.
    await waitFor(async () => seen.length >= 1, 15_000, "the charge job");
    expect(seen[0]).toMatchObject({ headers: { currency: "EUR" }, worker: "charger" });
    await waitFor(async () => (await f.db.messageSubscription.count({ where: { messageName: "c8-payment-received", correlationKey: "A-1" } })) === 1, 15_000, "the message subscription");
    const published = await client.publishMessage({ name: "c8-payment-received", correlationKey: "A-1", variables: { paid: true }, timeToLive: 0 });
    expect(published.messageKey).toMatch(/^\d+$/);
    await waitFor(async () => (await instanceState(ok.processInstanceKey)) === "COMPLETED", 15_000, "instance A-1 to complete");
    const done = await client.getProcessInstance({ processInstanceKey: ok.processInstanceKey }, noWait);
    expect(done).toMatchObject({ processDefinitionId: "c8-order", processDefinitionName: "Order (Camunda 8 client)", hasIncident: false, state: "COMPLETED" });
    expect(done.endDate).toBeDefined();
    const vars = (await f.db.processInstance.findFirstOrThrow({ where: { id: (await f.db.compatKey.findFirstOrThrow({ where: { key: BigInt(ok.processInstanceKey) } })).batonId } })).variables;
    expect(vars).toMatchObject({ orderId: "A-1", charged: 10, paid: true, shipped: true });

    // Over the limit: the worker throws E_DECLINED, the boundary event routes to the review task.
    const declined = await client.createProcessInstance({ processDefinitionId: "c8-order" as never, processDefinitionVersion: 1, variables: { orderId: "B-1", amount: 500 } });
    const tasks = await waitFor(async () => {
      const r = await client.searchUserTasks({ filter: { processInstanceKey: declined.processInstanceKey } }, noWait);
      return r.items.length ? r.items : null;
    }, 15_000, "the review task");
    expect(tasks[0]).toMatchObject({ elementId: "review", name: "Review the declined order", state: "CREATED", candidateGroups: ["managers"], processDefinitionId: "c8-order", processInstanceKey: declined.processInstanceKey });
    const userTaskKey = tasks[0].userTaskKey;

    await client.assignUserTask({ userTaskKey, assignee: ROLE_USERS.user });
    expect((await client.searchUserTasks({ filter: { userTaskKey } }, noWait)).items[0].assignee).toBe(ROLE_USERS.user);
    await expect(client.assignUserTask({ userTaskKey, assignee: ROLE_USERS.admin, allowOverride: false })).rejects.toMatchObject({ status: 409, title: "INVALID_STATE" });
    await client.unassignUserTask({ userTaskKey });
    expect((await client.searchUserTasks({ filter: { userTaskKey } }, noWait)).items[0].assignee).toBeUndefined();
    await client.assignUserTask({ userTaskKey, assignee: `${ROLE_USERS.admin}@test.local` });
    const mine = await client.searchUserTasks({ filter: { assignee: ROLE_USERS.admin, state: "CREATED" } }, noWait);
    expect(mine.items.map((t) => t.userTaskKey)).toEqual([userTaskKey]);
    await client.completeUserTask({ userTaskKey, variables: { reviewed: true }, action: "approve" });
    await waitFor(async () => (await instanceState(declined.processInstanceKey)) === "COMPLETED", 15_000, "instance B-1 to complete");
    expect((await client.searchUserTasks({ filter: { userTaskKey } }, noWait)).items[0]).toMatchObject({ state: "COMPLETED", completionDate: expect.any(String) });
  }, 60_000);

  it("correlates a message to the waiting instance, and answers 404 when nobody waits", async () => {
    const inst = await client.createProcessInstance({ processDefinitionKey: deployment.deployments.find((d) => d.processDefinition!.processDefinitionId === "c8-order")!.processDefinition!.processDefinitionKey, variables: { orderId: "C-1", amount: 5 } });
    await waitFor(async () => (await f.db.messageSubscription.count({ where: { correlationKey: "C-1" } })) === 1, 15_000, "the message subscription");
    const r = await client.correlateMessage({ name: "c8-payment-received", correlationKey: "C-1", variables: { paid: "late" } });
    expect(r).toMatchObject({ tenantId: "<default>", processInstanceKey: inst.processInstanceKey, messageKey: expect.stringMatching(/^\d+$/) });
    await waitFor(async () => (await instanceState(inst.processInstanceKey)) === "COMPLETED", 15_000, "instance C-1 to complete");
    await expect(client.correlateMessage({ name: "c8-payment-received", correlationKey: "nobody" })).rejects.toMatchObject({ status: 404, title: "NOT_FOUND" });
  }, 30_000);

  it("buffers a published message with a time to live until an instance subscribes", async () => {
    await client.publishMessage({ name: "c8-payment-received", correlationKey: "D-1", timeToLive: 60_000, messageId: "pay-D-1", variables: { early: true } });
    await expect(client.publishMessage({ name: "c8-payment-received", correlationKey: "D-1", timeToLive: 60_000, messageId: "pay-D-1" })).rejects.toMatchObject({ status: 409 });
    const inst = await client.createProcessInstance({ processDefinitionId: "c8-order" as never, variables: { orderId: "D-1", amount: 1 } });
    await waitFor(async () => (await instanceState(inst.processInstanceKey)) === "COMPLETED", 15_000, "instance D-1 to complete");
  }, 30_000);

  it("awaits completion and returns the fetched variables", async () => {
    const r = await client.createProcessInstance({ processDefinitionId: "c8-quick" as never, variables: { a: 1, b: 2 }, awaitCompletion: true, fetchVariables: ["a", "shipped"], requestTimeout: 10_000 });
    expect(r.variables).toEqual({ a: 1, shipped: true });
    // Waiting for a message that never comes: 504 after the request timeout.
    const t0 = Date.now();
    await expect(client.createProcessInstance({ processDefinitionId: "c8-order" as never, variables: { orderId: "never", amount: 1 }, awaitCompletion: true, requestTimeout: 600 })).rejects.toMatchObject({
      status: 504,
      title: "DEADLINE_EXCEEDED",
    });
    expect(Date.now() - t0).toBeLessThan(5000);
  }, 30_000);

  it("cancels an instance; unknown keys are 404 Problem Details", async () => {
    const inst = await client.createProcessInstance({ processDefinitionId: "c8-order" as never, variables: { orderId: "E-1", amount: 1 } });
    await waitFor(async () => (await f.db.messageSubscription.count({ where: { correlationKey: "E-1" } })) === 1, 15_000, "the message subscription");
    await client.cancelProcessInstance({ processInstanceKey: inst.processInstanceKey });
    expect(await instanceState(inst.processInstanceKey)).toBe("TERMINATED");
    await expect(client.cancelProcessInstance({ processInstanceKey: inst.processInstanceKey })).rejects.toMatchObject({ status: 404, title: "NOT_FOUND" });

    const unknown = "2251799813999999" as never;
    const err = await client.getProcessInstance({ processInstanceKey: unknown }, noWait).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "HttpSdkError", status: 404, title: "NOT_FOUND", type: "about:blank", instance: "/v2/process-instances/2251799813999999" });
    expect((err as Error & { detail: string }).detail).toContain("No process instance with key 2251799813999999");
    await expect(client.createProcessInstance({ processDefinitionId: "nope" as never })).rejects.toMatchObject({ status: 404 });
    await expect(client.completeJob({ jobKey: unknown })).rejects.toMatchObject({ status: 404 });
  }, 30_000);

  it("fails a job with retries and extends its lock through the job's own methods", async () => {
    let calls = 0;
    const retried: number[] = [];
    client.createJobWorker({
      jobType: "c8-flaky",
      maxParallelJobs: 1,
      jobTimeoutMs: 5_000,
      pollTimeoutMs: 1000,
      jobHandler: async (job) => {
        retried.push(job.retries);
        if (++calls === 1) throw new Error("ERP timed out");
        await job.modifyJobTimeout({ newTimeoutMs: 60_000 });
        return job.complete({});
      },
    });
    await client.createDeployment({ resources: [new File([fs.readFileSync(path.join(fixtures, "c8-flaky.bpmn"))], "c8-flaky.bpmn")] });
    const inst = await client.createProcessInstance({ processDefinitionId: "c8-flaky-p" as never });
    await waitFor(async () => (await instanceState(inst.processInstanceKey)) === "COMPLETED", 15_000, "the flaky instance to complete");
    expect(retried).toEqual([3, 2]);
    const job = await f.db.job.findFirstOrThrow({ where: { type: "c8-flaky" } });
    expect(job).toMatchObject({ state: "COMPLETED", retries: 2, errorMessage: "ERP timed out" });
  }, 30_000);
});

describe("authentication and errors", () => {
  it("accepts a bearer API token and rejects bad credentials with a 401 Problem Detail", async () => {
    const ok = await fetch(`${url}/v2/topology`, { headers: { authorization: `Bearer ${f.tokens.operator}` } });
    expect(ok.status).toBe(200);
    for (const authorization of [undefined, `Bearer bt_00000000_${"x".repeat(30)}`, `Basic ${Buffer.from(`someone-else:${f.tokens.admin}`).toString("base64")}`, `Basic ${Buffer.from("a_admin@test.local:password").toString("base64")}`]) {
      const r = await fetch(`${url}/v2/topology`, { headers: authorization ? { authorization } : {} });
      expect(r.status).toBe(401);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(await r.json()).toMatchObject({ type: "about:blank", title: "UNAUTHORIZED", status: 401, instance: "/v2/topology", detail: expect.stringContaining("API token") });
    }
    const wrong = newClient({ CAMUNDA_BASIC_AUTH_PASSWORD: "wrong" });
    await expect(wrong.getTopology()).rejects.toMatchObject({ status: 401, title: "UNAUTHORIZED" });
  });

  it("works with the client's OAUTH strategy, an API token as the client secret", async () => {
    const oauth = newClient({
      CAMUNDA_AUTH_STRATEGY: "OAUTH",
      CAMUNDA_OAUTH_URL: `${url}/v2/oauth/token`,
      CAMUNDA_CLIENT_ID: `${ROLE_USERS.operator}@test.local`,
      CAMUNDA_CLIENT_SECRET: f.tokens.operator,
      CAMUNDA_TOKEN_AUDIENCE: "baton",
    });
    const inst = await oauth.createProcessInstance({ processDefinitionId: "c8-quick" as never });
    expect(inst.processInstanceKey).toMatch(/^\d+$/);
    const bad = await fetch(`${url}/v2/oauth/token`, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: "a_operator@test.local", client_secret: f.tokens.admin }) });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: "invalid_client" });
  });

  it("answers roles that may not with 403, other tenants' keys with 404, bad input with 400", async () => {
    const auditor = newClient({ CAMUNDA_BASIC_AUTH_USERNAME: ROLE_USERS.auditor, CAMUNDA_BASIC_AUTH_PASSWORD: f.tokens.auditor });
    await expect(auditor.createProcessInstance({ processDefinitionId: "c8-order" as never })).rejects.toMatchObject({ status: 403, title: "FORBIDDEN" });
    // A plain user may start instances but not read them: awaiting is refused before starting.
    const user = newClient({ CAMUNDA_BASIC_AUTH_USERNAME: ROLE_USERS.user, CAMUNDA_BASIC_AUTH_PASSWORD: f.tokens.user });
    const before = await f.db.processInstance.count();
    await expect(user.createProcessInstance({ processDefinitionId: "c8-quick" as never, awaitCompletion: true })).rejects.toMatchObject({ status: 403 });
    expect(await f.db.processInstance.count()).toBe(before);
    const inst = await client.createProcessInstance({ processDefinitionId: "c8-order" as never, variables: { orderId: "F-1", amount: 1 } });
    const other = newClient({ CAMUNDA_BASIC_AUTH_USERNAME: "b_admin@test.local", CAMUNDA_BASIC_AUTH_PASSWORD: f.tokens.other });
    await expect(other.getProcessInstance({ processInstanceKey: inst.processInstanceKey }, noWait)).rejects.toMatchObject({ status: 404 });

    const bad = await fetch(`${url}/v2/process-instances`, { method: "POST", headers: { authorization: `Bearer ${f.tokens.admin}`, "content-type": "application/json" }, body: JSON.stringify({ variables: {} }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ title: "INVALID_ARGUMENT", detail: expect.stringContaining("processDefinitionId") });
    const form = new FormData();
    form.append("resources", new File(["{}"], "approve.form"));
    const formDeploy = await fetch(`${url}/v2/deployments`, { method: "POST", headers: { authorization: `Bearer ${f.tokens.admin}` }, body: form });
    // a .form deploys now (Camunda Forms), but one without components is no form: refused, nothing stored
    expect(formDeploy.status).toBe(400);
    expect((await formDeploy.json()).detail).toContain("components");
    expect(await f.db.formDefinition.count()).toBe(0);
    for (const p of ["/v2/decision-definitions/evaluation", "/v2/process-instances/search", "/v2/jobs/search"]) {
      const notImplemented = await fetch(`${url}${p}`, { method: "POST", headers: { authorization: `Bearer ${f.tokens.admin}` } });
      expect(notImplemented.status).toBe(404);
      expect(notImplemented.headers.get("content-type")).toBe("application/problem+json");
      expect((await notImplemented.json()).detail).toContain(`POST ${p}`);
    }
    await expect(client.createDeployment({ resources: [new File(["<not-bpmn/>"], "broken.bpmn")] })).rejects.toMatchObject({ status: 400, title: "INVALID_ARGUMENT" });
  });
});
