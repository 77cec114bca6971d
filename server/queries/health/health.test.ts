// /api/health against a real PostgreSQL, a private Redis this test starts and stops, and
// the real worker process heartbeating into it.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testRedisPrefix, type TestDatabase } from "../../testing/test-db";

const root = path.resolve(import.meta.dirname, "../../..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function startRedis(port: number): ChildProcess {
  return spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > end) return last;
    await new Promise((r) => setTimeout(r, 200));
    last = await fn();
  }
  return last;
}

describe("/api/health", () => {
  let t: TestDatabase;
  let redis: ChildProcess;
  let worker: ChildProcess;
  let port: number;
  let GET: () => Promise<Response>;

  beforeAll(async () => {
    t = await createTestDatabase("health");
    port = await freePort();
    redis = startRedis(port);
    Object.assign(process.env, { DATABASE_URL: t.url, REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: testRedisPrefix("health"), WORKER_HEARTBEAT_MS: "300" });
    await new Promise((r) => setTimeout(r, 300));
    worker = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], { cwd: root, env: { ...process.env, LOG_LEVEL: "warn" }, stdio: "ignore" });
    ({ GET } = await import("../../../app/api/health/route"));
  });

  afterAll(async () => {
    worker?.kill("SIGKILL");
    redis?.kill("SIGKILL");
    const { db } = await import("../../db/client");
    await db().$disconnect();
    (await import("../../redis")).redis().disconnect();
    await t?.drop();
  });

  const status = async () => {
    const res = await GET();
    return { code: res.status, body: await res.json() };
  };

  it("is 200 with database, Redis and a live worker", async () => {
    const s = await until(status, (s) => s.code === 200);
    expect(s.code).toBe(200);
    expect(s.body.status).toBe("ok");
    expect(s.body.checks.worker.live).toBe(1);
  });

  it("goes 503 when Redis stops and back to 200 when it returns", async () => {
    redis.kill("SIGKILL");
    const down = await until(status, (s) => s.code === 503);
    expect(down.code).toBe(503);
    expect(down.body.checks.redis.ok).toBe(false);
    expect(down.body.checks.database.ok).toBe(true);

    redis = startRedis(port);
    // The worker reconnects and beats again; the web's client reconnects by itself.
    const up = await until(status, (s) => s.code === 200);
    expect(up.body.checks).toMatchObject({ redis: { ok: true }, worker: { ok: true } });
    expect(up.code).toBe(200);
  });
});
