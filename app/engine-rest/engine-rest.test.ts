// /engine-rest against the official Camunda 7 external task client (unmodified), talking HTTP to
// an in-process server that calls the real route handlers, with an in-process worker: real
// PostgreSQL and Redis. Plus deploy, start, message, user tasks and Camunda 7's error bodies.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { BasicAuthInterceptor, Client, Variables, type Interceptor } from "camunda-external-task-client-js";
import { createApiFixture, ROLE_USERS, type ApiFixture } from "@/server/testing/api-fixture";
import { newTokenSecret } from "@/server/auth/api-token";
import { hashPassword } from "@/server/auth/password";
import { waitFor } from "@/server/testing/runtime";
import type { RunningWorker } from "@/worker/start-worker";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Json = Record<string, unknown>;

const OPERATOR_EMAIL = `${ROLE_USERS.operator}@test.local`;
const PASSWORD = "correct horse battery staple";
let f: ApiFixture;
let server: http.Server;
let base: string;
let worker: RunningWorker;
const clients: Client[] = [];

beforeAll(async () => {
  f = await createApiFixture("engine-rest");
  await f.db.user.update({ where: { id: ROLE_USERS.operator }, data: { passwordHash: await hashPassword(PASSWORD) } });
  const routes: [RegExp, Record<string, Handler | string | number>][] = [
    [/^\/engine-rest\/engine$/, await import("./engine/route")],
    [/^\/engine-rest\/version$/, await import("./version/route")],
    [/^\/engine-rest\/external-task\/fetchAndLock$/, await import("./external-task/fetchAndLock/route")],
    [/^\/engine-rest\/external-task\/(?<id>[^/]+)\/complete$/, await import("./external-task/[id]/complete/route")],
    [/^\/engine-rest\/external-task\/(?<id>[^/]+)\/failure$/, await import("./external-task/[id]/failure/route")],
    [/^\/engine-rest\/external-task\/(?<id>[^/]+)\/bpmnError$/, await import("./external-task/[id]/bpmnError/route")],
    [/^\/engine-rest\/external-task\/(?<id>[^/]+)\/extendLock$/, await import("./external-task/[id]/extendLock/route")],
    [/^\/engine-rest\/external-task\/(?<id>[^/]+)\/unlock$/, await import("./external-task/[id]/unlock/route")],
    [/^\/engine-rest\/process-definition\/key\/(?<key>[^/]+)\/start$/, await import("./process-definition/key/[key]/start/route")],
    [/^\/engine-rest\/process-definition\/(?<id>[^/]+)\/start$/, await import("./process-definition/[id]/start/route")],
    [/^\/engine-rest\/message$/, await import("./message/route")],
    [/^\/engine-rest\/deployment\/create$/, await import("./deployment/create/route")],
    [/^\/engine-rest\/task$/, await import("./task/route")],
    [/^\/engine-rest\/task\/(?<id>[^/]+)\/claim$/, await import("./task/[id]/claim/route")],
    [/^\/engine-rest\/task\/(?<id>[^/]+)\/unclaim$/, await import("./task/[id]/unclaim/route")],
    [/^\/engine-rest\/task\/(?<id>[^/]+)\/complete$/, await import("./task/[id]/complete/route")],
  ];
  server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", base);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    // The client going away ends a long poll, as Next does with request.signal.
    const gone = new AbortController();
    res.on("close", () => gone.abort());
    const headers = Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : []));
    const request = new Request(u, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, signal: gone.signal });
    const hit = routes.find(([re]) => re.test(u.pathname));
    const handler = hit?.[1][req.method ?? "GET"] as Handler | undefined;
    const response = handler
      ? await handler(request, { params: Promise.resolve({ ...u.pathname.match(hit![0])!.groups }) })
      : Response.json({ type: "RestException", message: "no route" }, { status: 404 });
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const { startWorker } = await import("@/worker/start-worker");
  worker = await startWorker({ db: f.db, redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", prefix: process.env.REDIS_PREFIX!, workerId: "w-c7", reconcileMs: 500 });
});

afterAll(async () => {
  for (const c of clients) c.stop();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await worker?.stop();
  const { closeJobWaiters } = await import("@/server/commands/jobs/job-waiters");
  await closeJobWaiters();
  await f?.close();
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

async function rest(method: string, p: string, body?: unknown, auth: string | null = `Bearer ${f.tokens.admin}`, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...extra };
  if (auth) headers.authorization = auth;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["content-type"] = "application/json";
  }
  const res = await fetch(`${base}/engine-rest${p}`, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

async function deployFixture() {
  const form = new FormData();
  form.set("deployment-name", "orders");
  form.set("enable-duplicate-filtering", "true");
  form.set("data", new Blob([fs.readFileSync(path.join(import.meta.dirname, "__fixtures__/c7-orders.bpmn"))], { type: "application/octet-stream" }), "c7-orders.bpmn");
  return rest("POST", "/deployment/create", form);
}

const instanceRow = (id: string) => f.db.processInstance.findUniqueOrThrow({ where: { id } });
const ended = (id: string) => waitFor(async () => ((await instanceRow(id)).status === "COMPLETED" ? instanceRow(id) : null), 20_000, `instance ${id} to complete`);

function client(workerId: string, auth: Interceptor) {
  const c = new Client({ baseUrl: `${base}/engine-rest`, workerId, interceptors: auth, asyncResponseTimeout: 3000, interval: 20, lockDuration: 20_000, maxTasks: 5 });
  let polling: Promise<void> | null = null;
  let settle = () => {};
  c.on("poll:start", () => (polling = new Promise((r) => (settle = r))));
  for (const e of ["poll:success", "poll:error"]) c.on(e, () => ((polling = null), settle()));
  clients.push(c);
  // stop() lets a long poll in flight finish (and run its tasks): wait for it, so no later test loses a job to it.
  return Object.assign(c, { halt: async () => (c.stop(), await polling) });
}

describe("deploy and start", () => {
  it("POST /deployment/create deploys the BPMN file; an unchanged redeploy creates nothing", async () => {
    const res = await deployFixture();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ name: "orders", tenantId: null, deployedCaseDefinitions: null });
    const defs = Object.values(res.body.deployedProcessDefinitions) as Json[];
    expect(defs.map((d) => d.key).sort()).toEqual(["c7-flaky", "c7-order", "c7-refund"]);
    expect(defs[0]).toMatchObject({ version: 1, resource: "c7-orders.bpmn", deploymentId: res.body.id, suspended: false });
    expect(res.body.deploymentTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    const again = await deployFixture();
    expect(again.status).toBe(200);
    expect(again.body.deployedProcessDefinitions).toBeNull();
  });

  it("GET /engine and /version answer without credentials", async () => {
    expect(await rest("GET", "/engine", undefined, null)).toMatchObject({ status: 200, body: [{ name: "default" }] });
    expect((await rest("GET", "/version", undefined, null)).body.version).toMatch(/^7\.\d+\.\d+$/);
  });
});

describe("the official external task client", () => {
  it("completes, correlates, throws a BPMN error and fails to an incident, with Basic auth (password and API token)", async () => {
    const byPassword = client("c7-worker-pw", new BasicAuthInterceptor({ username: OPERATOR_EMAIL, password: PASSWORD }));
    const byToken = client("c7-worker-token", new BasicAuthInterceptor({ username: OPERATOR_EMAIL, password: f.tokens.operator }));
    const seen: Json[] = [];
    byPassword.subscribe("c7-score", async ({ task, taskService }) => {
      seen.push({ amount: task.variables.get("amount"), typed: task.variables.getTyped("amount"), customer: task.variables.get("customer"), businessKey: task.businessKey, retries: task.retries });
      const vars = new Variables().set("score", task.variables.get("amount") / 10).set("profile", { tier: "gold", tags: ["a"] }).set("scoredAt", new Date("2026-01-02T03:04:05.000Z"));
      await taskService.complete(task, vars);
    });
    byToken.subscribe("c7-charge", async ({ task, taskService }) => {
      if (task.variables.get("card") === "declined") {
        await taskService.handleBpmnError(task, "CARD_DECLINED", "card declined", new Variables().set("reason", "insufficient funds"));
      } else {
        await taskService.complete(task, new Variables().set("charged", true));
      }
    });
    const failures: number[] = [];
    byToken.subscribe("c7-flaky", async ({ task, taskService }) => {
      failures.push(task.retries);
      await taskService.handleFailure(task, { errorMessage: "service down", errorDetails: "stack trace", retries: task.retries - 1, retryTimeout: 50 });
    });

    // A small order: score (JUEL gateway takes the default flow), charge, done.
    const small = await rest("POST", "/process-definition/key/c7-order/start", {
      businessKey: "ORDER-1",
      variables: { amount: { value: 500, type: "Integer" }, customer: { value: '{"name":"Ada"}', type: "Json" }, card: { value: "ok", type: "String" } },
    });
    expect(small.status, JSON.stringify(small.body)).toBe(200);
    expect(small.body).toMatchObject({ businessKey: "ORDER-1", ended: false, suspended: false, tenantId: null, caseInstanceId: null });
    expect(small.body.links[0]).toEqual({ method: "GET", href: `${base}/engine-rest/process-instance/${small.body.id}`, rel: "self" });
    const smallDone = await ended(small.body.id);
    expect(smallDone.variables).toMatchObject({ amount: 500, score: 50, profile: { tier: "gold", tags: ["a"] }, scoredAt: "2026-01-02T03:04:05.000Z", charged: true, customer: { name: "Ada" } });
    expect(seen[0]).toMatchObject({ amount: 500, typed: { type: "integer", value: 500 }, customer: { name: "Ada" }, businessKey: "ORDER-1", retries: 3 });

    // A big order waits at the message catch (${amount > 1000}) until POST /message.
    const big = await rest("POST", "/process-definition/key/c7-order/start", { variables: { amount: { value: 5000, type: "Long" }, card: { value: "ok" } } });
    await waitFor(async () => (await f.db.messageSubscription.count({ where: { instanceId: big.body.id } })) > 0, 20_000, "the message subscription");
    const other = await rest("POST", "/message", { messageName: "OrderApproved", processInstanceId: small.body.id });
    expect(other.status).toBe(400);
    expect(other.body).toEqual({ type: "RestException", message: "Cannot correlate message 'OrderApproved': No process definition or execution matches the parameters" });
    const msg = await rest("POST", "/message", { messageName: "OrderApproved", processInstanceId: big.body.id, processVariables: { approvedBy: { value: "Grace", type: "String" } }, resultEnabled: true });
    expect(msg.status, JSON.stringify(msg.body)).toBe(200);
    expect(msg.body).toEqual([{ resultType: "Execution", execution: { id: big.body.id, processInstanceId: big.body.id, ended: false, tenantId: null }, processInstance: null }]);
    expect((await ended(big.body.id)).variables).toMatchObject({ approvedBy: "Grace", charged: true, score: 500 });

    // A declined card: the BPMN error is caught by the boundary event; a person takes over.
    const declined = await rest("POST", "/process-definition/key/c7-order/start", { variables: { amount: { value: 20, type: "Integer" }, card: { value: "declined", type: "String" } } });
    const task = await waitFor(async () => (await rest("GET", `/task?processInstanceId=${declined.body.id}`)).body[0] as Json | undefined, 20_000, "the user task");
    expect(task).toMatchObject({ name: "Call the customer", taskDefinitionKey: "callCustomer", processInstanceId: declined.body.id, assignee: null, processDefinitionId: declined.body.definitionId });
    expect((await instanceRow(declined.body.id)).variables).toMatchObject({ reason: "insufficient funds" });

    // Failing with retries: handed out again after retryTimeout, an incident after the last failure.
    const flaky = await rest("POST", "/process-definition/key/c7-flaky/start", {});
    const incident = await waitFor(() => f.db.incident.findFirst({ where: { instanceId: flaky.body.id, status: "OPEN" } }), 20_000, "the incident");
    expect(failures).toEqual([3, 2, 1]);
    expect(incident.message).toContain("service down");
    const job = await f.db.job.findFirstOrThrow({ where: { instanceId: flaky.body.id } });
    expect(job).toMatchObject({ state: "FAILED", retries: 0, errorMessage: "service down" });
    await Promise.all([byPassword.halt(), byToken.halt()]);
  });
});

describe("user tasks", () => {
  it("GET /task filters, claim, unclaim and complete with typed variables", async () => {
    const inst = await rest("POST", "/process-definition/key/c7-order/start", { variables: { amount: { value: 1, type: "Integer" }, card: { value: "declined", type: "String" } } });
    const c = client("c7-tasks", new BasicAuthInterceptor({ username: OPERATOR_EMAIL, password: f.tokens.operator }));
    c.subscribe("c7-score", async ({ task, taskService }) => taskService.complete(task));
    c.subscribe("c7-charge", async ({ task, taskService }) => taskService.handleBpmnError(task, "CARD_DECLINED"));
    const user = `Bearer ${f.tokens.user}`;
    const task = await waitFor(async () => (await rest("GET", `/task?processInstanceId=${inst.body.id}&candidateGroup=managers&taskDefinitionKey=callCustomer`, undefined, user)).body[0] as Json | undefined, 20_000, "the task");
    await c.halt();
    expect((await rest("GET", `/task?processInstanceId=${inst.body.id}&taskDefinitionKey=nope`, undefined, user)).body).toEqual([]);
    expect((await rest("POST", `/task/${task.id}/claim`, { userId: ROLE_USERS.user }, user)).status).toBe(204);
    expect((await rest("GET", `/task?assignee=${ROLE_USERS.user}&processInstanceId=${inst.body.id}`, undefined, user)).body).toHaveLength(1);
    // Camunda 7 lets an admin claim for someone else; Baton only for oneself.
    const forOther = await rest("POST", `/task/${task.id}/claim`, { userId: ROLE_USERS.operator });
    expect(forOther).toMatchObject({ status: 400, body: { type: "InvalidRequestException" } });
    const taken = await rest("POST", `/task/${task.id}/claim`, { userId: ROLE_USERS.admin });
    expect(taken).toMatchObject({ status: 500, body: { type: "TaskAlreadyClaimedException" } });
    expect((await rest("POST", `/task/${task.id}/unclaim`, undefined, user)).status).toBe(204);
    expect((await rest("POST", `/task/${task.id}/unclaim`, undefined, user)).status).toBe(204);
    expect((await rest("POST", `/task/${task.id}/claim`, { userId: `${ROLE_USERS.operator}@test.local` }, basic(OPERATOR_EMAIL, PASSWORD))).status).toBe(204);
    const claimedByOther = await rest("POST", `/task/${task.id}/claim`, { userId: ROLE_USERS.user }, user);
    expect(claimedByOther.status).toBe(500);
    expect(claimedByOther.body.type).toBe("TaskAlreadyClaimedException");
    const done = await rest("POST", `/task/${task.id}/complete`, { variables: { called: { value: true, type: "Boolean" }, note: { value: "ok" } }, withVariablesInReturn: true }, basic(OPERATOR_EMAIL, PASSWORD));
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await ended(inst.body.id)).variables).toMatchObject({ called: true, note: "ok" });
    const again = await rest("POST", `/task/${task.id}/complete`, {}, basic(OPERATOR_EMAIL, PASSWORD));
    expect(again.status).toBe(404);
    const unknownFilter = await rest("GET", "/task?nameLike=x");
    expect(unknownFilter).toMatchObject({ status: 400, body: { type: "InvalidRequestException" } });
    expect(unknownFilter.body.message).toContain("nameLike");
  });
});

describe("POST /message", () => {
  it("correlates by business key, starts a process at its message start event, and refuses what Baton cannot match", async () => {
    const op = `Bearer ${f.tokens.operator}`;
    const order = await rest("POST", "/process-definition/key/c7-order/start", { businessKey: "BIG-2", variables: { amount: { value: 9000, type: "Integer" }, card: { value: "ok" } } });
    const [scoring] = (await rest("POST", "/external-task/fetchAndLock", { workerId: "m", maxTasks: 1, asyncResponseTimeout: 10_000, topics: [{ topicName: "c7-score", lockDuration: 5000 }] }, op)).body;
    expect(scoring.businessKey).toBe("BIG-2");
    expect((await rest("POST", `/external-task/${scoring.id}/complete`, { workerId: "m" }, op)).status).toBe(204);
    await waitFor(async () => (await f.db.messageSubscription.count({ where: { instanceId: order.body.id } })) > 0, 20_000, "the message subscription");

    const wrongKey = await rest("POST", "/message", { messageName: "OrderApproved", businessKey: "NOT-THIS-ONE" });
    expect(wrongKey).toMatchObject({ status: 400, body: { type: "RestException" } });
    const twoKeys = await rest("POST", "/message", { messageName: "OrderApproved", correlationKeys: { a: { value: "1" }, b: { value: "2" } } });
    expect(twoKeys).toMatchObject({ status: 400, body: { type: "InvalidRequestException" } });
    const all = await rest("POST", "/message", { messageName: "OrderApproved", all: true });
    expect(all.body.message).toContain("all=true");
    const byKey = await rest("POST", "/message", { messageName: "OrderApproved", businessKey: "BIG-2", processVariables: { approvedBy: { value: "Ada" } } });
    expect(byKey.status).toBe(204);
    expect(byKey.body).toBeNull();
    await waitFor(async () => (await f.db.job.count({ where: { instanceId: order.body.id, type: "c7-charge" } })) > 0, 20_000, "the charge job");
    expect((await instanceRow(order.body.id)).variables).toMatchObject({ approvedBy: "Ada" });

    const started = await rest("POST", "/message", { messageName: "RefundRequested", businessKey: "REFUND-9", processVariables: { sum: { value: 12.5, type: "Double" } }, resultEnabled: true, variablesInResultEnabled: true });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body[0]).toMatchObject({ resultType: "ProcessDefinition", execution: null, processInstance: { businessKey: "REFUND-9" }, variables: { sum: { type: "Double", value: 12.5, valueInfo: {} } } });
    const refund = await instanceRow(started.body[0].processInstance.id);
    expect(refund).toMatchObject({ businessKey: "REFUND-9", variables: { sum: 12.5 } });
  });
});

describe("external tasks over raw HTTP", () => {
  async function lockOne(workerId = "raw") {
    const inst = await rest("POST", "/process-definition/key/c7-flaky/start", { variables: { n: { value: 1, type: "Integer" } } });
    // The job appears once the worker has advanced the new instance: a long poll waits for it.
    const fetched = await rest("POST", "/external-task/fetchAndLock", { workerId, maxTasks: 1, asyncResponseTimeout: 10_000, topics: [{ topicName: "c7-flaky", lockDuration: 10_000, variables: ["n"] }] }, `Bearer ${f.tokens.operator}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toHaveLength(1);
    expect(fetched.body[0].processInstanceId).toBe(inst.body.id);
    return fetched.body[0] as Json & { id: string };
  }

  it("answers Camunda 7's locked task shape; long polls across topics; extendLock, unlock, wrong worker, ended task", async () => {
    const t = await lockOne();
    expect(t).toMatchObject({ activityId: "call", topicName: "c7-flaky", workerId: "raw", retries: 3, suspended: false, tenantId: null, processDefinitionKey: "c7-flaky", variables: { n: { type: "Integer", value: 1, valueInfo: {} } } });
    expect(t.lockExpirationTime).toMatch(/\+0000$/);
    const op = `Bearer ${f.tokens.operator}`;
    const wrong = await rest("POST", `/external-task/${t.id}/complete`, { workerId: "someone-else" }, op);
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe("InvalidRequestException");
    expect(wrong.body.message).toContain('locked by worker "raw"');
    expect((await rest("POST", `/external-task/${t.id}/extendLock`, { workerId: "raw", newDuration: 60_000 }, op)).status).toBe(204);
    expect(Date.parse((await f.db.job.findUniqueOrThrow({ where: { id: t.id } })).lockExpiresAt!.toISOString()) - Date.now()).toBeGreaterThan(50_000);
    expect((await rest("POST", `/external-task/${t.id}/unlock`, undefined, op)).status).toBe(204);
    expect((await f.db.job.findUniqueOrThrow({ where: { id: t.id } })).state).toBe("ACTIVATABLE");

    // Locked again by another worker at once, and completed with a typed variable.
    const again = await rest("POST", "/external-task/fetchAndLock", { workerId: "second", maxTasks: 5, topics: [{ topicName: "c7-flaky", lockDuration: 5000 }] }, op);
    expect(again.body.map((x: Json) => x.id)).toEqual([t.id]);
    expect((await rest("POST", `/external-task/${t.id}/complete`, { workerId: "second", variables: { ok: { value: "yes" } } }, op)).status).toBe(204);

    // A long poll on two topics wakes for a job of the second that appears while it waits.
    const poll = rest("POST", "/external-task/fetchAndLock", { workerId: "lp", maxTasks: 5, asyncResponseTimeout: 15_000, topics: [{ topicName: "nothing-here", lockDuration: 5000 }, { topicName: "c7-flaky", lockDuration: 5000 }] }, op);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    const late = await rest("POST", "/process-definition/key/c7-flaky/start", {});
    const got = await poll;
    expect(got.body.map((x: Json) => x.processInstanceId)).toEqual([late.body.id]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((await rest("POST", `/external-task/${got.body[0].id}/complete`, { workerId: "lp" }, op)).status).toBe(204);
    const gone = await rest("POST", `/external-task/${t.id}/complete`, { workerId: "second" }, op);
    expect(gone.status).toBe(404);
    expect(gone.body.type).toBe("RestException");

    const empty = Date.now();
    expect((await rest("POST", "/external-task/fetchAndLock", { workerId: "lp", maxTasks: 1, asyncResponseTimeout: 600, topics: [{ topicName: "nothing-here", lockDuration: 5000 }] }, op)).body).toEqual([]);
    expect(Date.now() - empty).toBeGreaterThanOrEqual(550);
  });

  it("the official client extends a lock and unlocks a task; the task comes back and is completed", async () => {
    const inst = await rest("POST", "/process-definition/key/c7-flaky/start", {});
    const c = client("c7-lock", new BasicAuthInterceptor({ username: OPERATOR_EMAIL, password: f.tokens.operator }));
    const deadlines: number[] = [];
    let calls = 0;
    c.subscribe("c7-flaky", async ({ task, taskService }) => {
      if (task.processInstanceId !== inst.body.id) return taskService.unlock(task);
      calls++;
      if (calls === 1) {
        await taskService.extendLock(task, 120_000);
        deadlines.push((await f.db.job.findUniqueOrThrow({ where: { id: task.id } })).lockExpiresAt!.getTime() - Date.now());
        await taskService.unlock(task);
      } else {
        await taskService.complete(task, new Variables().set("after", calls));
      }
    });
    expect((await ended(inst.body.id)).variables).toMatchObject({ after: 2 });
    await c.halt();
    expect(deadlines[0]).toBeGreaterThan(100_000);
  });

  it("answers Camunda 7's error bodies: 401, 403, 404, 400 for bad input and unsupported options", async () => {
    const noAuth = await rest("POST", "/external-task/fetchAndLock", { workerId: "w", maxTasks: 1, topics: [] }, null);
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.type).toBe("AuthenticationException");
    expect(noAuth.headers.get("www-authenticate")).toContain("Basic");
    expect((await rest("GET", "/task", undefined, basic(OPERATOR_EMAIL, "wrong"))).status).toBe(401);
    expect((await rest("GET", "/task", undefined, basic("a_admin@test.local", f.tokens.operator))).status).toBe(401);
    expect((await rest("GET", "/task", undefined, "Bearer bt_00000000_notarealtokennotarealtoken")).status).toBe(401);

    const auditor = await rest("POST", "/external-task/fetchAndLock", { workerId: "w", maxTasks: 1, topics: [{ topicName: "x", lockDuration: 1000 }] }, `Bearer ${f.tokens.auditor}`);
    expect(auditor.status).toBe(403);
    expect(auditor.body.type).toBe("AuthorizationException");

    // A token limited to one job type: a fetch naming another topic is refused before anything is locked.
    const s = newTokenSecret();
    await f.db.apiToken.create({ data: { id: crypto.randomUUID(), organizationId: "org_a", userId: ROLE_USERS.operator, name: "score only", tokenHash: s.hash, prefix: s.prefix, scopes: [], jobTypes: ["c7-score"] } });
    const limited = await rest("POST", "/external-task/fetchAndLock", { workerId: "w", maxTasks: 5, topics: [{ topicName: "c7-score", lockDuration: 1000 }, { topicName: "c7-flaky", lockDuration: 1000 }] }, basic(OPERATOR_EMAIL, s.token));
    expect(limited).toMatchObject({ status: 403, body: { type: "AuthorizationException" } });
    expect(limited.body.message).toContain('"c7-score"');
    expect(await f.db.job.count({ where: { lockOwner: "w", state: "ACTIVATED" } })).toBe(0);

    const missing = await rest("POST", "/external-task/does-not-exist/complete", { workerId: "w" });
    expect(missing).toMatchObject({ status: 404, body: { type: "RestException" } });
    const noKey = await rest("POST", "/process-definition/key/nope/start", {});
    expect(noKey).toMatchObject({ status: 404, body: { type: "RestException" } });
    expect(noKey.body.message).toContain("nope");

    const noWorker = await rest("POST", "/external-task/fetchAndLock", { maxTasks: 1 });
    expect(noWorker).toMatchObject({ status: 400, body: { type: "InvalidRequestException" } });
    expect(noWorker.body.message).toMatch(/^workerId/);
    const filter = await rest("POST", "/external-task/fetchAndLock", { workerId: "w", maxTasks: 1, topics: [{ topicName: "x", lockDuration: 1000, processDefinitionKey: "k" }] });
    expect(filter).toMatchObject({ status: 400, body: { type: "InvalidRequestException" } });
    expect(filter.body.message).toContain("processDefinitionKey");
    const badInt = await rest("POST", "/process-definition/key/c7-flaky/start", { variables: { n: { value: 2 ** 31, type: "Integer" } } });
    expect(badInt).toMatchObject({ status: 400, body: { type: "InvalidRequestException" } });
    expect(badInt.body.message).toContain("'n'");
    const notJson = await fetch(`${base}/engine-rest/message`, { method: "POST", headers: { authorization: `Bearer ${f.tokens.admin}`, "content-type": "application/json" }, body: "{nope" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ type: "InvalidRequestException", message: "The request body is not valid JSON." });
    const badModel = new FormData();
    badModel.set("deployment-name", "bad");
    badModel.set("data", new Blob(['<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" isExecutable="false"/></bpmn:definitions>']), "bad.bpmn");
    const parse = await rest("POST", "/deployment/create", badModel);
    expect(parse).toMatchObject({ status: 400, body: { type: "ParseException" } });
    const dmn = new FormData();
    dmn.set("data", new Blob(["<definitions/>"]), "rules.dmn");
    expect((await rest("POST", "/deployment/create", dmn)).body.message).toContain("rules.dmn");
  });

  it("Basic with a password: a changed password or a disabled user stops at once (even when remembered); repeated failures from one address answer 429", async () => {
    const email = `${ROLE_USERS.designer}@test.local`;
    await f.db.user.update({ where: { id: ROLE_USERS.designer }, data: { passwordHash: await hashPassword("first-password") } });
    // As in the web process: scripts/peer-address.mjs stamps each request's TCP peer (client-ip.ts).
    const flag = Symbol.for("baton.peer-address-header");
    (globalThis as Record<symbol, unknown>)[flag] = "x-baton-peer-address";
    onTestFinished(() => void delete (globalThis as Record<symbol, unknown>)[flag]);
    const tasks = (password: string, peer = "203.0.113.5") => rest("GET", "/task", undefined, basic(email, password), { "x-baton-peer-address": peer });
    expect((await tasks("first-password")).status).toBe(200);
    expect((await tasks("first-password")).status).toBe(200);
    await f.db.user.update({ where: { id: ROLE_USERS.designer }, data: { passwordHash: await hashPassword("second-password") } });
    expect((await tasks("first-password")).status).toBe(401);
    expect((await tasks("second-password")).status).toBe(200);
    await f.db.user.update({ where: { id: ROLE_USERS.designer }, data: { disabled: true } });
    expect((await tasks("second-password")).status).toBe(401);
    await f.db.user.update({ where: { id: ROLE_USERS.designer }, data: { disabled: false } });
    for (let i = 0; i < 4; i++) expect((await tasks(`wrong-${i}`)).status).toBe(401);
    const blocked = await tasks("second-password");
    expect(blocked).toMatchObject({ status: 429, body: { type: "AuthenticationException" } });
    // Another address is not held up by this one's failures (no lock-out of the owner).
    expect((await tasks("second-password", "198.51.100.20")).status).toBe(200);
  });
});
