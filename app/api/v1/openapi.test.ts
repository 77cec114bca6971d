// The OpenAPI document lists every route file under app/api/v1 (and nothing more), and is public.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/server/http/openapi";

const dir = import.meta.dirname;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(at = dir): string[] {
  return fs.readdirSync(at, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(at, e.name);
    if (e.isDirectory()) return e.name === "[...path]" || e.name.startsWith("__") ? [] : routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

/** `app/api/v1/instances/[id]/cancel/route.ts` -> `/instances/{id}/cancel`. */
function apiPath(file: string): string {
  const rel = path.relative(dir, path.dirname(file)).split(path.sep).filter(Boolean);
  return `/${rel.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
}

describe("OpenAPI document", () => {
  const doc = openApiDocument();

  it("has an operation for every exported handler of every route file, and no others", async () => {
    const fromFiles: string[] = [];
    for (const file of routeFiles()) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const m of METHODS) if (typeof mod[m] === "function") fromFiles.push(`${m.toLowerCase()} ${apiPath(file)}`);
    }
    const fromDoc = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(fromFiles.length).toBeGreaterThan(20);
    expect(fromDoc.sort()).toEqual(fromFiles.sort());
  });

  it("is OpenAPI 3.1 with bearer and cookie security, parameters and bodies from the zod schemas", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.securitySchemes)).toEqual(["bearer", "cookie"]);
    const start = doc.paths["/instances"].post as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; parameters: { name: string }[] };
    expect(Object.keys(start.requestBody.content["application/json"].schema.properties)).toEqual(expect.arrayContaining(["key", "version", "businessKey", "variables"]));
    expect(start.parameters.map((p) => p.name)).toContain("idempotency-key");
    const cancel = doc.paths["/instances/{id}/cancel"].post as { parameters: { name: string; in: string; required: boolean }[] };
    expect(cancel.parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
    const deploy = doc.paths["/definitions"].post as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(deploy.requestBody.content)).toEqual(expect.arrayContaining(["application/xml", "multipart/form-data", "application/json"]));
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });

  it("is served publicly at GET /api/v1/openapi.json", async () => {
    const { GET } = await import("./openapi.json/route");
    const res = await GET(new Request("http://baton.test/api/v1/openapi.json"));
    expect(res.status).toBe(200);
    expect((await res.json()).paths["/tasks/{id}/complete"].post.summary).toMatch(/Complete/);
  });
});
