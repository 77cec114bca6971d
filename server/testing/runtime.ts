// A runtime under test: its own database and Redis prefix, seeded actors, queues, and an
// in-process worker on demand. Real PostgreSQL and Redis; nothing mocked.
import type { Redis } from "ioredis";
import type { Actor } from "../authz/actor";
import { createDb, type Db } from "../db/client";
import { createQueues, closeQueues, type Queues } from "../queues/queues";
import { createRedis } from "../redis";
import { createTestDatabase, testRedisPrefix, type TestDatabase } from "./test-db";

export interface TestRuntime {
  t: TestDatabase;
  db: Db;
  prefix: string;
  redis: Redis;
  queues: Queues;
  org: string;
  actors: { admin: Actor; operator: Actor; manager: Actor; manager2: Actor; requester: Actor; other: Actor };
  deploy(xml: string): Promise<{ id: string; key: string; version: number }[]>;
  cleanup(): Promise<void>;
}

function actor(id: string, org: string, roles: Actor["roles"], groups: string[] = []): Actor {
  return { userId: id, organizationId: org, email: `${id}@test`, name: id, roles, groups, via: "session" };
}

export async function createTestRuntime(label: string, opts: { timezone?: string } = {}): Promise<TestRuntime> {
  const t = await createTestDatabase(label, opts);
  const prefix = testRedisPrefix(label);
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  Object.assign(process.env, { DATABASE_URL: t.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, LOG_LEVEL: process.env.LOG_LEVEL ?? "error" });
  const db = createDb(t.url, 10);
  const redis = createRedis(redisUrl, { forBullmq: true });
  const queues = createQueues(redis, prefix);
  const org = "org_test";
  await db.organization.createMany({ data: [{ id: org, slug: "test", name: "Test" }, { id: "org_other", slug: "other", name: "Other" }] });
  const users = [
    { id: "u_admin", roles: ["admin"] as const, groups: [] },
    { id: "u_operator", roles: ["operator"] as const, groups: [] },
    { id: "u_manager", roles: ["user"] as const, groups: ["managers"] },
    { id: "u_manager2", roles: ["user"] as const, groups: ["managers"] },
    { id: "u_requester", roles: ["user"] as const, groups: [] },
  ];
  await db.group.create({ data: { id: "g_managers", organizationId: org, key: "managers", name: "Managers" } });
  for (const u of users) {
    await db.user.create({ data: { id: u.id, organizationId: org, email: `${u.id}@test`, name: u.id, memberships: { create: u.roles.map((role) => ({ organizationId: org, role })) } } });
    for (const g of u.groups) await db.groupMember.create({ data: { groupId: `g_${g}`, userId: u.id } });
  }
  await db.user.create({ data: { id: "u_other", organizationId: "org_other", email: "u_other@test", name: "other", memberships: { create: { organizationId: "org_other", role: "admin" } } } });
  const actors = {
    admin: actor("u_admin", org, ["admin"]),
    operator: actor("u_operator", org, ["operator"]),
    manager: actor("u_manager", org, ["user"], ["managers"]),
    manager2: actor("u_manager2", org, ["user"], ["managers"]),
    requester: actor("u_requester", org, ["user"]),
    other: actor("u_other", "org_other", ["admin"]),
  };
  const { deployDefinition } = await import("../commands/definitions/deploy-definition");
  return {
    t, db, prefix, redis, queues, org, actors,
    async deploy(xml) {
      const r = await deployDefinition(actors.admin, { xml }, { db });
      return r.definitions;
    },
    async cleanup() {
      await closeQueues(queues).catch(() => {});
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== "0");
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      redis.disconnect();
      await db.$disconnect();
      await t.drop();
    },
  };
}

/** Polls until `check` returns a truthy value (or throws after timeoutMs). */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
