// Test fixture for the REST routes: a fresh database with two organizations, one user per
// role in the first (plus an admin in the second), API tokens made directly in the database,
// and `call()` to invoke an exported route handler with `new Request(...)` (no server needed).
// Import this before any route module: it sets DATABASE_URL and REDIS_PREFIX first.
import crypto from "node:crypto";
import { createDb, type Db } from "../db/client";
import { newTokenSecret } from "../auth/api-token";
import type { RoleName } from "../authz/permissions";
import { createTestDatabase, testRedisPrefix, type TestDatabase } from "./test-db";

export const ORG_A = "org_a";
export const ORG_B = "org_b";
export const ROLE_USERS: Record<RoleName, string> = { admin: "a_admin", designer: "a_designer", operator: "a_operator", auditor: "a_auditor", user: "a_user" };
export const OTHER_ADMIN = "b_admin";

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path?: string;
  token?: string | null;
  params?: Record<string, string>;
  /** JSON-encoded unless a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiFixture {
  t: TestDatabase;
  db: Db;
  /** A bearer token per role (org A) and for org B's admin. */
  tokens: Record<RoleName | "other", string>;
  tokenFor(userId: string, opts?: { scopes?: string[]; organizationId?: string }): Promise<string>;
  // Answers are inspected ad hoc by each test: typing every response shape buys nothing here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(handler: Handler, opts?: CallOptions): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function createApiFixture(label: string): Promise<ApiFixture> {
  const t = await createTestDatabase(label);
  process.env.DATABASE_URL = t.url;
  process.env.REDIS_PREFIX = testRedisPrefix(label);
  process.env.LOG_LEVEL ??= "warn";
  const db = createDb(t.url, 4);

  for (const [id, slug] of [[ORG_A, "a"], [ORG_B, "b"]]) await db.organization.create({ data: { id, slug, name: `Org ${slug}` } });
  const group = await db.group.create({ data: { id: "grp_managers", organizationId: ORG_A, key: "managers", name: "Managers" } });
  const users: [string, string, RoleName][] = [...Object.entries(ROLE_USERS).map(([role, id]) => [id, ORG_A, role as RoleName] as [string, string, RoleName]), [OTHER_ADMIN, ORG_B, "admin"]];
  for (const [id, organizationId, role] of users) {
    await db.user.create({ data: { id, organizationId, email: `${id}@test.local`, name: id } });
    await db.membership.create({ data: { organizationId, userId: id, role } });
  }
  await db.groupMember.create({ data: { groupId: group.id, userId: ROLE_USERS.user } });

  async function tokenFor(userId: string, opts: { scopes?: string[]; organizationId?: string } = {}) {
    const s = newTokenSecret();
    const organizationId = opts.organizationId ?? (userId === OTHER_ADMIN ? ORG_B : ORG_A);
    await db.apiToken.create({ data: { id: crypto.randomUUID(), organizationId, userId, name: "test", tokenHash: s.hash, prefix: s.prefix, scopes: opts.scopes ?? [] } });
    return s.token;
  }
  const tokens = {} as Record<RoleName | "other", string>;
  for (const [role, id] of Object.entries(ROLE_USERS)) tokens[role as RoleName] = await tokenFor(id);
  tokens.other = await tokenFor(OTHER_ADMIN);

  async function call(handler: Handler, opts: CallOptions = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await handler(new Request(`http://baton.test/api/v1${opts.path ?? "/"}`, { method: opts.method ?? "GET", headers, body }), {
      params: Promise.resolve(opts.params ?? {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async function close() {
    await db.$disconnect();
    const { db: appDb } = await import("../db/client");
    await appDb().$disconnect();
    const holder = globalThis as { __batonQueues?: Record<string, { close(): Promise<void> }>; __batonRedis?: { disconnect(): void } };
    if (holder.__batonQueues) await Promise.all(Object.values(holder.__batonQueues).map((q) => q.close()));
    holder.__batonRedis?.disconnect();
    await dropRedisKeys(process.env.REDIS_PREFIX!);
    await t.drop();
  }

  return { t, db, tokens, tokenFor, call, close };
}

/** The test's queues live in the shared Redis under its own prefix: leave nothing behind. */
async function dropRedisKeys(prefix: string) {
  const { createRedis } = await import("../redis");
  const r = createRedis(undefined, { lazy: true });
  r.on("error", () => {});
  try {
    await r.connect();
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length) await r.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } catch {
    /* Redis down: nothing to clean */
  } finally {
    r.disconnect();
  }
}

/** Rows of another organization made directly (no engine): targets for 404 checks. */
export async function seedForeignRows(db: Db, organizationId = ORG_B) {
  const id = (p: string) => `${p}_${crypto.randomBytes(4).toString("hex")}`;
  const def = await db.processDefinition.create({
    data: { id: id("def"), organizationId, key: "foreign", version: 1, name: "Foreign", bpmnXml: "<x/>", checksum: "x", model: {} },
  });
  const inst = await db.processInstance.create({ data: { id: id("inst"), organizationId, definitionId: def.id, state: {}, variables: {} } });
  const task = await db.task.create({ data: { id: id("task"), organizationId, instanceId: inst.id, elementId: "t", tokenId: "tok", name: "Foreign task" } });
  const incident = await db.incident.create({ data: { id: id("inc"), organizationId, instanceId: inst.id, elementId: "t", type: "expression", message: "boom" } });
  return { definition: def, instance: inst, task, incident };
}
