// Baton driven from the bench process: its schema in the bench database, an organization with an
// admin, deployments, instances started through the runtime's own write path, worker processes,
// a local echo service for service tasks, and a private Redis for scenarios that must flush one.
//
// Server modules are imported when a scenario runs, not when the harness loads (as in
// engines/baton-runner.ts): a runtime that does not load fails the scenario that needs it, with the
// reason, not the whole run.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { Actor } from "../../server/authz/actor";
import type { Db } from "../../server/db/client";
import { freePort } from "../../server/testing/free-port";
import { WORKER_NODE_ARGS } from "../../scripts/lib/processes";
import type { Queues } from "../../server/queues/queues";
import type { BatchItem } from "../../server/runtime/apply-batch";
import { migrateSchema } from "./services";
import type { ScenarioContext } from "./types";

export const BENCH_ORG = "org_bench";
export const BENCH_ADMIN = "u_bench_admin";

export interface Baton {
  db: Db;
  organizationId: string;
  admin: Actor;
  /** Deploys bench/models/<file>; returns the definition of its (only) process. */
  deploy(file: string): Promise<{ id: string; key: string; xml: string }>;
  /** An API token of the admin, for `Authorization: Bearer`. */
  createToken(): Promise<string>;
  close(): Promise<void>;
}

/**
 * server/env needs a DATABASE_URL to parse. Scenarios that run server code in this process get
 * their database explicitly; point the variable, if unset, at the server's admin database — never
 * at the scenario's, which is dropped at the end while the process (and its cached env) lives on.
 */
export function ensureEnvDatabaseUrl(ctx: ScenarioContext): void {
  if (process.env.DATABASE_URL) return;
  const admin = new URL(ctx.postgres.url);
  admin.pathname = "/postgres";
  process.env.DATABASE_URL = admin.toString();
}

/** Applies the schema, seeds the bench organization and its admin (idempotent), connects. */
export async function openBaton(ctx: ScenarioContext, poolSize = 10): Promise<Baton> {
  await migrateSchema(ctx.repoRoot, ctx.postgres.url);
  const { createDb } = await import("../../server/db/client");
  const db = createDb(ctx.postgres.url, poolSize);
  await db.$executeRawUnsafe(`INSERT INTO "Organization" (id, slug, name) VALUES ($1, 'bench', 'Bench') ON CONFLICT DO NOTHING`, BENCH_ORG);
  await db.$executeRawUnsafe(
    `INSERT INTO "User" (id, "organizationId", email, name) VALUES ($1, $2, 'admin@bench.local', 'Bench admin') ON CONFLICT DO NOTHING`,
    BENCH_ADMIN,
    BENCH_ORG,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Membership" ("organizationId", "userId", role) VALUES ($1, $2, 'admin') ON CONFLICT DO NOTHING`,
    BENCH_ORG,
    BENCH_ADMIN,
  );
  const admin: Actor = { userId: BENCH_ADMIN, organizationId: BENCH_ORG, email: "admin@bench.local", name: "Bench admin", roles: ["admin"], groups: [], via: "session" };
  return {
    db,
    organizationId: BENCH_ORG,
    admin,
    async deploy(file) {
      const xml = fs.readFileSync(path.join(ctx.repoRoot, "bench/models", file), "utf8");
      const { deployDefinition } = await import("../../server/commands/definitions/deploy-definition");
      const { definitions } = await deployDefinition(admin, { xml }, { db });
      if (definitions.length !== 1) throw new Error(`bench/models/${file} must hold exactly one executable process`);
      return { id: definitions[0]!.id, key: definitions[0]!.key, xml };
    },
    async createToken() {
      const { newTokenSecret } = await import("../../server/auth/api-token");
      const { token, prefix, hash } = newTokenSecret();
      await db.apiToken.create({ data: { id: crypto.randomUUID(), organizationId: BENCH_ORG, userId: BENCH_ADMIN, name: "bench", tokenHash: hash, prefix, scopes: [], jobTypes: [] } });
      return token;
    },
    async close() {
      await db.$disconnect();
    },
  };
}

/** BullMQ queues of the catalog under `prefix` on `redisUrl`, as the web process has them. */
export async function openQueues(redisUrl: string, prefix: string): Promise<{ queues: Queues; redis: Redis; close(): Promise<void> }> {
  const { createRedis } = await import("../../server/redis");
  const { createQueues, closeQueues } = await import("../../server/queues/queues");
  const redis = createRedis(redisUrl, { forBullmq: true });
  redis.on("error", () => undefined);
  const queues = createQueues(redis, prefix);
  return {
    queues,
    redis,
    async close() {
      await closeQueues(queues).catch(() => undefined);
      redis.disconnect();
    },
  };
}

export interface StartOptions {
  definition: { id: string; key: string };
  count: number;
  /** Variables of instance i, computed when its chunk is submitted. */
  variables(i: number): Record<string, unknown>;
  /** Starts submitted together (the runtime's command batcher puts up to 64 in one transaction). */
  chunk: number;
  /** Submissions in flight at once. */
  parallel: number;
  businessKey?: string;
  signal?: AbortSignal;
}

/**
 * Starts instances through the runtime's write path as startInstance does (a `start` event with
 * the definition, applied by runEvents: the process's command batcher puts concurrent commands in
 * one applyBatch transaction, retries lost optimistic locks, then publishes the outbox to BullMQ),
 * minus its per-request authorization and definition lookup. `chunk` starts are submitted
 * together, `parallel` submissions at a time. Returns the instance ids in order.
 *
 * The command batcher is per database client and publishes to the queues it was first used with:
 * use one client per Redis prefix.
 */
export async function startInstances(db: Db, queues: Queues, admin: Actor, o: StartOptions): Promise<string[]> {
  const { runEvents } = await import("../../server/runtime/run-events");
  const ids = Array.from({ length: o.count }, () => crypto.randomUUID());
  let next = 0;
  const lane = async () => {
    while (next < o.count) {
      if (o.signal?.aborted) throw new Error("interrupted");
      const from = next;
      next = Math.min(o.count, next + o.chunk);
      const items: BatchItem[] = [];
      for (let i = from; i < next; i++) {
        const instanceId = ids[i]!;
        items.push({
          eventId: `start:${instanceId}`,
          instanceId,
          organizationId: admin.organizationId,
          actorId: admin.userId,
          event: { type: "start", processId: o.definition.key, variables: o.variables(i), startedBy: admin.userId },
          start: { definitionId: o.definition.id, businessKey: o.businessKey ?? null, startedById: admin.userId },
        });
      }
      const outcomes = await runEvents(items, { db, queues });
      for (const item of items) {
        const out = outcomes.get(item.eventId);
        if (out?.status !== "applied") throw new Error(`starting an instance of ${o.definition.key}: ${out?.status ?? "no outcome"}${out?.reason ? ` (${out.reason})` : ""}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.parallel) }, lane));
  return ids;
}

export interface WorkerProcess {
  pid: number;
  label: string;
  /** SIGTERM (graceful: worker/main.ts drains its batcher), SIGKILL after 15 s. */
  stop(): Promise<void>;
  output(): string;
}

export interface WorkerSpawnOptions {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  label: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * One worker process, `node --import tsx worker/main.ts` with the flags `npm start` gives it (one
 * process, not the tsx wrapper plus a child, so its pid is the worker's). BENCH_WORKER_NODE_ARGS
 * adds node flags (a later flag wins), e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the workers a scenario runs.
 */
export async function spawnWorker(repoRoot: string, o: WorkerSpawnOptions): Promise<WorkerProcess> {
  const extra = (process.env.BENCH_WORKER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...WORKER_NODE_ARGS, "--import", "tsx", ...extra, "worker/main.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      BATON_SERVICE: "worker",
      LOG_LEVEL: "info",
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: o.prefix,
      ...o.env,
    },
  });
  let out = "";
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-8000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = () => stopChild(child, exited, 15_000);
  const onAbort = () => void stop();
  o.signal?.addEventListener("abort", onAbort, { once: true });
  void exited.then(() => o.signal?.removeEventListener("abort", onAbort));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (/"msg":"worker started"/.test(out)) break;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`worker ${o.label} exited (${child.exitCode ?? child.signalCode}) before it started: ${tail(out)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`worker ${o.label} did not start within 90 s: ${tail(out)}`);
    }
    await sleep(50);
  }
  return { pid: child.pid!, label: o.label, stop, output: () => out };
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const late = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (late) {
    child.kill("SIGKILL");
    await exited;
  }
}

function tail(text: string): string {
  return text.trim().split("\n").slice(-3).join(" | ");
}

export interface EchoServer {
  url: string;
  calls: number;
  close(): Promise<void>;
}

/** The no-op service for service tasks: answers 200 with the JSON body it was sent. */
export async function startEchoServer(): Promise<EchoServer> {
  const echo: EchoServer = { url: "", calls: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      echo.calls++;
      const body = Buffer.concat(chunks);
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length || 2 }).end(body.length ? body : "{}");
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  echo.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/echo`;
  echo.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return echo;
}

export interface PrivateRedis {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A redis-server of our own on a free port (no persistence, noeviction), for FLUSHALL. */
export async function startPrivateRedis(signal?: AbortSignal): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  const failed = new Promise<Error>((resolve) => {
    child.once("error", (e: NodeJS.ErrnoException) =>
      resolve(e.code === "ENOENT" ? new Error("redis-server not found on PATH: install the Debian package redis-server") : e),
    );
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = () => stopChild(child, exited, 5000);
  signal?.addEventListener("abort", () => void stop(), { once: true });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const err = await Promise.race([failed, sleep(100).then(() => undefined)]);
    if (err) throw err;
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${tail(out)}`);
    if (/Ready to accept connections/i.test(out)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server on port ${port} did not start within 10 s: ${tail(out)}`);
    }
  }
  return { url, pid: child.pid!, stop };
}


/** Polls `check` until it returns a value; throws with `what` when `stallMs` pass without progress. */
export async function waitUntil<T>(
  check: () => Promise<{ done: T | undefined; progress: number }>,
  o: { what: string; stallMs: number; intervalMs?: number; signal?: AbortSignal; diagnose?: () => Promise<string> },
): Promise<T> {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    if (o.signal?.aborted) throw new Error("interrupted");
    const { done, progress } = await check();
    if (done !== undefined) return done;
    if (progress !== last) {
      last = progress;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > o.stallMs) {
      const why = o.diagnose ? await o.diagnose().catch((e: unknown) => String(e)) : "";
      throw new Error(`no progress for ${o.stallMs / 1000} s waiting for ${o.what} (at ${progress})${why ? `: ${why}` : ""}`);
    }
    await sleep(o.intervalMs ?? 100);
  }
}
