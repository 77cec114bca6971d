// The set-up path of a machine with no PostgreSQL or Redis running: project-local servers are
// initialised under .data/ and started on spare ports, answer queries, and stop again.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { ensureServices, portOpen, type Services } from "./services";
import { freePort } from "../../server/testing/free-port";

describe("project-local services", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "baton-services-"));
  // Like a clone in a home folder others may enter (mkdtemp makes it 0700).
  fs.chmodSync(root, 0o755);
  let services: Services | undefined;
  afterAll(() => {
    services?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("starts PostgreSQL and Redis under .data/ when none answers, and stops them", async () => {
    const saved = { db: process.env.DATABASE_URL, redis: process.env.REDIS_URL };
    delete process.env.DATABASE_URL;
    delete process.env.REDIS_URL;
    try {
      const [closedPg, closedRedis, localPg, localRedis] = [await freePort(), await freePort(), await freePort(), await freePort()];
      services = await ensureServices(root, { standardPg: closedPg, standardRedis: closedRedis, localPg, localRedis });
    } finally {
      if (saved.db) process.env.DATABASE_URL = saved.db;
      if (saved.redis) process.env.REDIS_URL = saved.redis;
    }
    expect(services.started).toEqual(["postgres", "redis"]);
    expect(fs.existsSync(path.join(root, ".data/postgres/PG_VERSION"))).toBe(true);

    const url = new URL(services.databaseUrl);
    url.pathname = "/postgres";
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    const { rows } = await c.query("SELECT current_setting('port') AS port");
    await c.end();
    expect(rows[0].port).toBe(new URL(services.databaseUrl).port);

    const r = new Redis(services.redisUrl, { lazyConnect: true });
    await r.connect();
    expect(await r.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
    r.disconnect();

    const redisPort = Number(new URL(services.redisUrl).port);
    services.stop();
    services = undefined;
    await new Promise((res) => setTimeout(res, 500));
    expect(await portOpen(Number(url.port))).toBe(false);
    expect(await portOpen(redisPort)).toBe(false);
  }, 120_000);
});
