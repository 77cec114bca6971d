// The official Camunda clients, unmodified, drive deployed models from start to end against
// the production server (next start + worker, as `npm start` runs them): the Camunda 8 REST
// client with its job worker, and the Camunda 7 external task client — each with a message
// correlation and a BPMN error caught by a boundary event.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createCamundaClient } from "@camunda8/orchestration-cluster-api";
import { BasicAuthInterceptor, Client, Variables } from "camunda-external-task-client-js";
import { DEMO_PASSWORD } from "../prisma/seed/demo-users";
import { signInAs } from "./fixtures/auth";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name));
const run = crypto.randomBytes(3).toString("hex"); // the e2e database outlives runs: keys must not collide

async function until<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function instanceStatus(api: APIRequestContext, id: string): Promise<string> {
  const res = await api.get(`/api/v1/instances/${id}`);
  return (await res.json()).status;
}

test("the official Camunda 8 client: deploy, job worker, message, BPMN error", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signInAs(page, "admin");
  const created = await page.request.post("/api/v1/tokens", { data: { name: `e2e-c8-${run}` } });
  expect(created.status()).toBe(201);
  const token = (await created.json()).token as string;
  const client = createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: baseURL!,
      CAMUNDA_AUTH_STRATEGY: "BASIC",
      CAMUNDA_BASIC_AUTH_USERNAME: "admin@acme.test",
      CAMUNDA_BASIC_AUTH_PASSWORD: token,
      CAMUNDA_SDK_VALIDATION: "res:fanatical",
      CAMUNDA_SDK_LOG_LEVEL: "silent",
    } as never,
  });
  const noWait = { consistency: { waitUpToMs: 0 } };
  const workers: { stop(): void }[] = [];
  try {
    const deployment = await client.createDeployment({ resources: [new File([fixture("c8-order.bpmn")], "c8-order.bpmn", { type: "application/xml" })] });
    expect(deployment.deployments.map((d) => d.processDefinition?.processDefinitionId)).toContain("c8-order");
    workers.push(
      client.createJobWorker({
        jobType: "c8-charge",
        maxParallelJobs: 4,
        jobTimeoutMs: 30_000,
        pollTimeoutMs: 1000,
        workerName: "e2e-charger",
        jobHandler: async (job) => {
          const amount = Number(job.variables.amount);
          if (amount > 100) return job.error({ errorCode: "E_DECLINED", errorMessage: "over the limit", variables: { declinedAmount: amount } });
          return job.complete({ charged: amount });
        },
      }) as unknown as { stop(): void },
      client.createJobWorker({ jobType: "c8-ship", maxParallelJobs: 4, jobTimeoutMs: 30_000, pollTimeoutMs: 1000, jobHandler: (job) => job.complete({ shipped: true }) }) as unknown as { stop(): void },
    );

    const orderId = `A-${run}`;
    const ok = await client.createProcessInstance({ processDefinitionId: "c8-order" as never, variables: { orderId, amount: 10 } });
    // The charge job completes; then the instance waits for the payment message (published early
    // with a time to live, it is buffered and delivered when the token arrives).
    await client.publishMessage({ name: "c8-payment-received", correlationKey: orderId, variables: { paid: true }, timeToLive: 60_000 });
    await until(async () => (await client.getProcessInstance({ processInstanceKey: ok.processInstanceKey }, noWait)).state === "COMPLETED", "the order to complete");

    const declined = await client.createProcessInstance({ processDefinitionId: "c8-order" as never, variables: { orderId: `B-${run}`, amount: 500 } });
    const tasks = await until(async () => {
      const r = await client.searchUserTasks({ filter: { processInstanceKey: declined.processInstanceKey } }, noWait);
      return r.items.length ? r.items : null;
    }, "the review task after the BPMN error");
    expect(tasks[0].elementId).toBe("review");
    await client.completeUserTask({ userTaskKey: tasks[0].userTaskKey });
    await until(async () => (await client.getProcessInstance({ processInstanceKey: declined.processInstanceKey }, noWait)).state === "COMPLETED", "the declined order to end");
  } finally {
    for (const w of workers) w.stop();
  }
});

test("the official Camunda 7 external task client: deploy, topics, message, BPMN error", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signInAs(page, "admin");
  const basic = (email: string) => `Basic ${Buffer.from(`${email}:${DEMO_PASSWORD}`).toString("base64")}`;
  const deploy = await page.request.post("/engine-rest/deployment/create", {
    headers: { authorization: basic("admin@acme.test") },
    multipart: { "deployment-name": `e2e-${run}`, data: { name: "c7-orders.bpmn", mimeType: "text/xml", buffer: fixture("c7-orders.bpmn") } },
  });
  expect(deploy.status(), await deploy.text()).toBe(200);

  const client = new Client({
    baseUrl: `${baseURL}/engine-rest`,
    use: () => {},
    interceptors: new BasicAuthInterceptor({ username: "operator@acme.test", password: DEMO_PASSWORD }),
    asyncResponseTimeout: 2000,
    autoPoll: true,
  } as never);
  try {
    client.subscribe("c7-score", async ({ task, taskService }) => {
      await taskService.complete(task, new Variables().set("score", Number(task.variables.get("amount")) / 10));
    });
    client.subscribe("c7-charge", async ({ task, taskService }) => {
      if (task.variables.get("card") === "declined") await taskService.handleBpmnError(task, "CARD_DECLINED", "card declined");
      else await taskService.complete(task, new Variables().set("charged", true));
    });
    const start = (variables: Record<string, unknown>) =>
      page.request.post("/engine-rest/process-definition/key/c7-order/start", { headers: { authorization: basic("operator@acme.test") }, data: { variables } });

    // A big order: the JUEL gateway ${amount > 1000} sends it to the message catch.
    const big = await (await start({ amount: { value: 5000, type: "Integer" }, card: { value: "ok", type: "String" } })).json();
    await until(async () => {
      const res = await page.request.post("/engine-rest/message", { headers: { authorization: basic("operator@acme.test") }, data: { messageName: "OrderApproved", processInstanceId: big.id } });
      return res.status() === 204 || res.status() === 200;
    }, "the message to correlate");
    await until(async () => (await instanceStatus(page.request, big.id)) === "COMPLETED", "the big order to complete");

    // A declined card: the BPMN error is caught by the boundary event and a person takes over.
    const declined = await (await start({ amount: { value: 20, type: "Integer" }, card: { value: "declined", type: "String" } })).json();
    const task = await until(async () => {
      const res = await page.request.get(`/engine-rest/task?processInstanceId=${declined.id}`, { headers: { authorization: basic("mia.manager@acme.test") } });
      const list = (await res.json()) as { name: string }[];
      return list[0];
    }, "the user task after the BPMN error");
    expect(task.name).toBe("Call the customer");
  } finally {
    client.stop();
  }
});
