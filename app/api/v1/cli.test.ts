// The remote `baton` commands against an unreachable URL and against an in-process HTTP
// server that calls the real route handlers (deploy, start, instances, incidents, retry).
// It lives here, not in cli/, because it needs server/ and app/ (engine/ stays pure).
import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "@/cli/main";
import { createApiFixture, type ApiFixture } from "@/server/testing/api-fixture";

const root = path.resolve(import.meta.dirname, "../../..");
const fixtures = path.join(import.meta.dirname, "__fixtures__");
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let f: ApiFixture;
let server: http.Server;
let url: string;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** The real binary, asynchronously (the test's own server must keep answering meanwhile). */
function baton(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "bin/baton.mjs"), ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function inProcess(args: string[], env: Record<string, string | undefined>) {
  const saved = { BATON_URL: process.env.BATON_URL, BATON_TOKEN: process.env.BATON_TOKEN };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  let stdout = "";
  let stderr = "";
  try {
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

beforeAll(async () => {
  f = await createApiFixture("cli");
  const routes: [RegExp, Record<string, Handler | string>][] = [
    [/^\/api\/v1\/definitions$/, await import("./definitions/route")],
    [/^\/api\/v1\/instances$/, await import("./instances/route")],
    [/^\/api\/v1\/incidents$/, await import("./incidents/route")],
    [/^\/api\/v1\/incidents\/(?<id>[^/]+)\/retry$/, await import("./incidents/[id]/retry/route")],
  ];
  server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : []));
    const request = new Request(u, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const hit = routes.find(([re]) => re.test(u.pathname));
    const handler = hit?.[1][req.method ?? "GET"] as Handler | undefined;
    const response = handler
      ? await handler(request, { params: Promise.resolve({ ...u.pathname.match(hit![0])!.groups }) })
      : Response.json({ error: { code: "NOT_FOUND", message: "no route" } }, { status: 404 });
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await f?.close();
});

describe("baton remote commands", () => {
  it("explains an unreachable Baton and exits 1", async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const r = await baton(["instances"], { BATON_URL: down, BATON_TOKEN: "x" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`baton instances: Baton is not reachable at ${down}`);
    expect(r.stderr).toContain("start it with `npm start` or set BATON_URL");
  });

  it("deploys with the real binary, then starts, lists and retries in process", async () => {
    const env = { BATON_URL: url, BATON_TOKEN: f.tokens.admin };
    const deploy = await baton(["deploy", path.join(fixtures, "flows.bpmn")], env);
    expect(deploy.stderr).toBe("");
    expect(deploy.code).toBe(0);
    expect(JSON.parse(deploy.stdout).definitions.map((d: { key: string }) => d.key).sort()).toEqual(["gate", "waiter"]);

    const start = await inProcess(["start", "gate", "--vars", '{"amount": 5}', "--business-key", "CLI-1", "--version", "1"], env);
    expect(start.stderr).toBe("");
    expect(start.code).toBe(0);
    const instance = JSON.parse(start.stdout);
    expect(instance).toMatchObject({ key: "gate", businessKey: "CLI-1", status: "ACTIVE", hasIncident: true });

    const table = await inProcess(["instances", "--status", "active", "--table"], env);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^id\s+key\s+version\s+status/);
    expect(table.stdout).toContain(instance.id);

    const incidents = JSON.parse((await inProcess(["incidents"], env)).stdout);
    expect(incidents.items).toHaveLength(1);
    const retry = await inProcess(["retry", incidents.items[0].id, "--table"], env);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toMatch(new RegExp(`^incident\\s+ok\n${incidents.items[0].id}\\s+true\n$`));
  });

  it("deploys a model together with its .form files", async () => {
    const env = { BATON_URL: url, BATON_TOKEN: f.tokens.admin };
    const forms = path.join(import.meta.dirname, "../../../server/forms/__fixtures__");
    const r = await inProcess(["deploy", path.join(forms, "forms-process.bpmn"), path.join(forms, "invoice-v4.form"), path.join(forms, "expense-v16.form")], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.definitions.map((d: { key: string }) => d.key)).toEqual(["forms-demo"]);
    expect(out.forms.map((x: { formId: string; fileName: string }) => [x.formId, x.fileName])).toEqual([["invoice-check", "invoice-v4.form"], ["expense-report", "expense-v16.form"]]);
    const missing = await inProcess(["deploy", path.join(forms, "forms-process.bpmn"), path.join(forms, "nope.form")], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.form: no such file");
  });

  it("asks for BATON_TOKEN on 401 and prints the API's error with the field otherwise", async () => {
    const noToken = await inProcess(["instances"], { BATON_URL: url, BATON_TOKEN: undefined });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain("set BATON_TOKEN to an API token (create one with POST /api/v1/tokens");
    const bad = await inProcess(["instances", "--limit", "900"], { BATON_URL: url, BATON_TOKEN: f.tokens.admin });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("400 VALIDATION");
    expect(bad.stderr).toContain("query.limit");
    const unknown = await inProcess(["start", "nope"], { BATON_URL: url, BATON_TOKEN: f.tokens.admin });
    expect(unknown.stderr).toMatch(/^baton start: 404 NOT_FOUND/);
  });
});
