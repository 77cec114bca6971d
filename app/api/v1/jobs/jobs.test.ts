// The job routes over REST (handlers called with `new Request(…)`): activate, complete, fail,
// error and update, with 401/403/404/400/409 for each and the token's job-type limits.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTokenSecret } from "@/server/auth/api-token";
import { createApiFixture, ORG_B, ROLE_USERS, seedForeignRows, type ApiFixture } from "@/server/testing/api-fixture";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "../../../../server/commands/jobs/__fixtures__", name), "utf8");
let f: ApiFixture;
let r: {
  activate: typeof import("./activate/route");
  complete: typeof import("./[id]/complete/route");
  fail: typeof import("./[id]/fail/route");
  error: typeof import("./[id]/error/route");
  job: typeof import("./[id]/route");
  instances: typeof import("../instances/route");
};
let chargeOnly: string;
let foreignJobId: string;

beforeAll(async () => {
  f = await createApiFixture("jobs-api");
  const defs = await import("../definitions/route");
  for (const file of ["job-work.bpmn", "job-errors.bpmn"]) {
    const d = await f.call(defs.POST, { method: "POST", path: "/definitions", token: f.tokens.admin, body: fixture(file), headers: { "content-type": "application/xml" } });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
  }
  r = {
    activate: await import("./activate/route"),
    complete: await import("./[id]/complete/route"),
    fail: await import("./[id]/fail/route"),
    error: await import("./[id]/error/route"),
    job: await import("./[id]/route"),
    instances: await import("../instances/route"),
  };
  const s = newTokenSecret();
  await f.db.apiToken.create({ data: { id: crypto.randomUUID(), organizationId: "org_a", userId: ROLE_USERS.operator, name: "charge worker", tokenHash: s.hash, prefix: s.prefix, scopes: [], jobTypes: ["charge"] } });
  chargeOnly = s.token;
  // A job of organization B, made directly: every route must answer 404 for it in A.
  const foreign = await seedForeignRows(f.db, ORG_B);
  foreignJobId = `job_${crypto.randomBytes(4).toString("hex")}`;
  await f.db.job.create({ data: { id: foreignJobId, organizationId: ORG_B, instanceId: foreign.instance.id, elementId: "t", tokenId: "tok", kind: "job", type: "work", state: "ACTIVATED", call: {}, lockOwner: "b", lockExpiresAt: new Date(Date.now() + 60_000) } });
});
afterAll(async () => {
  const { closeJobWaiters } = await import("@/server/commands/jobs/job-waiters");
  await closeJobWaiters();
  await f?.close();
});

const start = async (key: string, variables: Record<string, unknown> = {}) => {
  const res = await f.call(r.instances.POST, { method: "POST", path: "/instances", token: f.tokens.admin, body: { key, variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const activate = (body: Record<string, unknown>, token: string | null = f.tokens.operator) => f.call(r.activate.POST, { method: "POST", path: "/jobs/activate", token, body });
const onJob = (handler: typeof r.complete.POST, id: string, body: unknown, token: string | null = f.tokens.operator, method = "POST") =>
  f.call(handler, { method, path: `/jobs/${id}`, token, params: { id }, body });

describe("POST /jobs/activate", () => {
  it("activates with a long poll and answers the job; 401 without a token, 403 without job.work, 400 naming the field", async () => {
    const waiting = activate({ type: "work", worker: "w1", requestTimeout: 10_000, fetchVariables: ["a"] });
    await new Promise((res) => setTimeout(res, 100));
    const instanceId = await start("job-work", { a: 1, b: 2 });
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(res.body.jobs).toHaveLength(1);
    expect(res.body.jobs[0]).toMatchObject({ type: "work", instanceId, elementId: "work", customHeaders: { tier: "gold" }, variables: { a: 1 }, worker: "w1" });
    expect((await onJob(r.complete.POST, res.body.jobs[0].key, { worker: "w1" })).status).toBe(200);

    expect((await activate({ type: "work", worker: "w" }, null)).status).toBe(401);
    expect((await activate({ type: "work", worker: "w" }, "bt_00000000_notarealtokennotarealtoken")).status).toBe(401);
    for (const role of ["auditor", "designer", "user"] as const) {
      const res403 = await activate({ type: "work", worker: "w" }, f.tokens[role]);
      expect(res403.status, role).toBe(403);
      expect(res403.body.error.details).toMatchObject({ action: "job.work" });
    }
    expect((await activate({ type: "work", worker: "w" }, f.tokens.admin)).status).toBe(200);
    const bad = await activate({ type: "work", worker: "w", maxJobsToActivate: 5000 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.maxJobsToActivate/);
    expect(bad.body.error.details.fields[0].field).toBe("body.maxJobsToActivate");
    const noType = await activate({ worker: "w" });
    expect(noType.status).toBe(400);
    expect(noType.body.error.details.fields[0].field).toBe("body.type");
    expect((await activate({ type: "work", worker: "w", requestTimeout: 120_000 })).body.error.details.fields[0].field).toBe("body.requestTimeout");
    const notJson = await f.call(r.activate.POST, { method: "POST", path: "/jobs/activate", token: f.tokens.operator, body: "{nope" });
    expect(notJson.status).toBe(400);
  });

  it("limits a token to its job types (403) and another organization sees none of A's jobs", async () => {
    await start("job-work");
    const res = await activate({ type: "work", worker: "w" }, chargeOnly);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('"charge"');
    expect((await activate({ type: "charge", worker: "w" }, chargeOnly)).status).toBe(200);
    expect((await activate({ type: "work", worker: "w" }, f.tokens.other)).body.jobs).toEqual([]);
    const mine = await activate({ type: "work", worker: "w", maxJobsToActivate: 100 });
    expect(mine.body.jobs.length).toBeGreaterThan(0);
    for (const j of mine.body.jobs) expect((await onJob(r.complete.POST, j.key, { worker: "w" })).status).toBe(200);
  });
});

describe("job commands over REST", () => {
  async function activated(type = "work", key = "job-work") {
    await start(key);
    const res = await activate({ type, worker: "w" });
    expect(res.body.jobs).toHaveLength(1);
    return res.body.jobs[0] as { key: string; instanceId: string };
  }

  it("POST /jobs/{id}/complete: 200, then 409 when completed twice; 401, 403, 404, 400", async () => {
    const job = await activated();
    const ok = await onJob(r.complete.POST, job.key, { worker: "w", variables: { done: 1 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ jobId: job.key, state: "COMPLETED", deadline: null });
    const again = await onJob(r.complete.POST, job.key, { worker: "w" });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("already completed");
    const other = await activated();
    expect((await onJob(r.complete.POST, other.key, {}, null)).status).toBe(401);
    expect((await onJob(r.complete.POST, other.key, {}, f.tokens.auditor)).status).toBe(403);
    expect((await onJob(r.complete.POST, other.key, {}, f.tokens.other)).status).toBe(404);
    expect((await onJob(r.complete.POST, foreignJobId, {})).status).toBe(404);
    expect((await onJob(r.complete.POST, "no-such-job", {})).status).toBe(404);
    const bad = await onJob(r.complete.POST, other.key, { variables: [1, 2] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe("body.variables");
    expect((await onJob(r.complete.POST, other.key, { worker: "someone-else" })).status).toBe(409);
    expect((await onJob(r.complete.POST, other.key, {})).status).toBe(200);
  });

  it("POST /jobs/{id}/fail: retries left → activatable again; 0 → incident; 401, 403, 404, 400, 409", async () => {
    const job = await activated();
    const res = await onJob(r.fail.POST, job.key, { worker: "w", retries: 1, errorMessage: "flaky" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: "ACTIVATABLE", retries: 1 });
    expect((await onJob(r.fail.POST, job.key, { worker: "w", retries: 0 })).status).toBe(409);
    const again = await activate({ type: "work", worker: "w" });
    expect(again.body.jobs[0].key).toBe(job.key);
    expect((await onJob(r.fail.POST, job.key, { retries: 1 }, null)).status).toBe(401);
    expect((await onJob(r.fail.POST, job.key, { retries: 1 }, f.tokens.user)).status).toBe(403);
    expect((await onJob(r.fail.POST, job.key, { retries: 1 }, f.tokens.other)).status).toBe(404);
    expect((await onJob(r.fail.POST, foreignJobId, { retries: 1 })).status).toBe(404);
    const bad = await onJob(r.fail.POST, job.key, { retries: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe("body.retries");
    expect((await onJob(r.fail.POST, job.key, { errorMessage: "x" })).body.error.details.fields[0].field).toBe("body.retries");
    const dead = await onJob(r.fail.POST, job.key, { worker: "w", retries: 0, errorMessage: "gave up" });
    expect(dead.status).toBe(200);
    expect(dead.body.state).toBe("FAILED");
    const inc = await f.db.incident.findFirstOrThrow({ where: { instanceId: job.instanceId, status: "OPEN" } });
    expect(inc.message).toContain("gave up");
  });

  it("POST /jobs/{id}/error: caught by the boundary; 401, 403 (token job types), 404, 400, 409", async () => {
    const job = await activated("charge", "job-charge");
    expect((await onJob(r.error.POST, job.key, { errorCode: "E_DECLINED" }, null)).status).toBe(401);
    expect((await onJob(r.error.POST, job.key, { errorCode: "E_DECLINED" }, f.tokens.designer)).status).toBe(403);
    expect((await onJob(r.error.POST, job.key, { errorCode: "E_DECLINED" }, f.tokens.other)).status).toBe(404);
    expect((await onJob(r.error.POST, foreignJobId, { errorCode: "E_DECLINED" })).status).toBe(404);
    const bad = await onJob(r.error.POST, job.key, { errorMessage: "no code" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe("body.errorCode");
    const ok = await onJob(r.error.POST, job.key, { worker: "w", errorCode: "E_DECLINED", errorMessage: "card declined" }, chargeOnly);
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe("ERROR_THROWN");
    expect(await f.db.task.count({ where: { instanceId: job.instanceId, elementId: "notify", status: "OPEN" } })).toBe(1);
    expect((await onJob(r.error.POST, job.key, { errorCode: "E_DECLINED" })).status).toBe(409);
    const work = await activated();
    const limited = await onJob(r.error.POST, work.key, { errorCode: "E" }, chargeOnly);
    expect(limited.status).toBe(403);
    expect((await onJob(r.complete.POST, work.key, {})).status).toBe(200);
  });

  it("PATCH /jobs/{id}: retries and timeout; 401, 403, 404, 400, 409", async () => {
    const job = await activated();
    const patch = (body: unknown, token: string | null = f.tokens.operator, id = job.key) => onJob(r.job.PATCH, id, body, token, "PATCH");
    const res = await patch({ worker: "w", retries: 5, timeout: 120_000 });
    expect(res.status).toBe(200);
    expect(res.body.retries).toBe(5);
    expect(Date.parse(res.body.deadline) - Date.now()).toBeGreaterThan(110_000);
    expect((await patch({ retries: 1 }, null)).status).toBe(401);
    expect((await patch({ retries: 1 }, f.tokens.auditor)).status).toBe(403);
    expect((await patch({ retries: 1 }, f.tokens.other)).status).toBe(404);
    expect((await patch({ retries: 1 }, f.tokens.operator, foreignJobId)).status).toBe(404);
    const empty = await patch({});
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields[0].field).toBe("body.retries");
    expect((await patch({ timeout: 10 })).body.error.details.fields[0].field).toBe("body.timeout");
    expect((await patch({ worker: "intruder", timeout: 5000 })).status).toBe(409);
    expect((await onJob(r.complete.POST, job.key, { worker: "w" })).status).toBe(200);
    expect((await patch({ retries: 2 })).status).toBe(409);
  });
});
