// Baton's own processes for scenarios that require 'web' or 'worker': started once per run
// against the bench database and Redis prefix, stopped at the end.
//
// The defaults are the two processes scripts/serve.ts runs (`next start` on the production build
// and `worker/main.ts` under tsx), started separately so each has its own pid (memory figures) and
// its own readiness check. BENCH_WEB_COMMAND / BENCH_WORKER_COMMAND replace them.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { webEnv, WORKER_NODE_ARGS } from "../../scripts/lib/processes";
import { freePort } from "../../server/testing/free-port";
import type { PostgresResource, RedisResource, ServiceResource } from "./types";

type Ready = { httpPath: string } | { logPattern: RegExp };

interface ServiceSpec {
  /** Env var that overrides the command (a shell command line, run from the repo root). */
  envVar: string;
  defaultCommand?: string;
  ready: Ready;
  /** What the default command needs before it can start; throws saying what to do. */
  preflight?(repoRoot: string): void;
  /** Environment the process gets besides the database, Redis and port. */
  env?(url: string | undefined): Record<string, string | undefined>;
}

export const BUILD_MISSING = "the web process runs the production build, and .next/BUILD_ID is missing: run npm run build first";

export const SERVICES: Record<"web" | "worker", ServiceSpec> = {
  web: {
    envVar: "BENCH_WEB_COMMAND",
    // `exec`: the shell becomes the server, so the pid is Next's own (memory and CPU are sampled
    // for the pid and its descendants). With WEB_CONCURRENCY set, as `npm start`, the web launcher
    // runs that many `next start` processes on the port.
    defaultCommand: process.env.WEB_CONCURRENCY
      ? 'exec node scripts/web-cluster.mjs start -H 127.0.0.1 -p "$PORT"'
      : 'exec node_modules/.bin/next start -H 127.0.0.1 -p "$PORT"',
    ready: { httpPath: "/" },
    preflight(repoRoot) {
      if (!fs.existsSync(path.join(repoRoot, ".next/BUILD_ID"))) throw new Error(BUILD_MISSING);
    },
    env: (url) => ({
      // The same heap cap as `npm start` (scripts/lib/processes.ts).
      NODE_OPTIONS: webEnv(process.env).NODE_OPTIONS,
      NEXT_TELEMETRY_DISABLED: "1",
      // next-auth refuses to run in production without a secret; the bench never signs in.
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? crypto.randomBytes(24).toString("hex"),
      NEXTAUTH_URL: url,
    }),
  },
  worker: {
    envVar: "BENCH_WORKER_COMMAND",
    defaultCommand: `exec node ${WORKER_NODE_ARGS.join(" ")} --import tsx worker/main.ts`,
    // worker/main.ts logs "worker started" (pino, level info) once its processors run.
    ready: { logPattern: /\b(ready|started|listening)\b/i },
    env: () => ({ BATON_SERVICE: "worker", LOG_LEVEL: "info" }),
  },
};

/** Throws when a required process cannot start (e.g. no production build), before anything is created. */
export function preflightServices(names: Array<"web" | "worker">, repoRoot: string): void {
  for (const name of names) {
    const spec = SERVICES[name];
    // An override is someone else's command: its needs are theirs.
    if (!process.env[spec.envVar]) spec.preflight?.(repoRoot);
  }
}

const READY_TIMEOUT_MS = 90_000;

export class BenchServices {
  private readonly running = new Map<string, { child: ChildProcess; resource: ServiceResource }>();
  private migrated?: Promise<void>;

  constructor(private readonly repoRoot: string) {}

  /** `started` is true when this call started the process (false: it was already running). */
  async start(
    name: "web" | "worker",
    pgRes: PostgresResource,
    redisRes: RedisResource,
    log: (m: string) => void,
  ): Promise<ServiceResource & { started: boolean }> {
    const existing = this.running.get(name);
    if (existing) return { ...existing.resource, started: false };
    const spec = SERVICES[name];
    const command = process.env[spec.envVar] ?? spec.defaultCommand;
    if (!command) {
      throw new Error(
        `requires the ${name} process, but no command is configured: set ${spec.envVar} or the default in bench/harness/services.ts`,
      );
    }
    if (!process.env[spec.envVar]) spec.preflight?.(this.repoRoot);
    this.migrated ??= migrateSchema(this.repoRoot, pgRes.url);
    await this.migrated;
    const port = name === "web" ? await freePort() : undefined;
    const url = port ? `http://127.0.0.1:${port}` : undefined;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: pgRes.url,
      REDIS_URL: redisRes.url,
      // Every Redis key of the app, BullMQ's included, goes under this prefix (server/env.ts).
      REDIS_PREFIX: redisRes.prefix,
      ...(port ? { PORT: String(port) } : {}),
      ...spec.env?.(url),
    };
    log(`starting ${name}: ${command}`);
    // detached: the shell's children form their own group, so stop() can signal all of them.
    const child = spawn(command, { shell: true, cwd: this.repoRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const resource: ServiceResource = { pid: child.pid ?? -1, url };
    this.running.set(name, { child, resource });
    await waitReady(name, child, spec.ready, resource.url);
    return { ...resource, started: true };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map(({ child }) => stop(child)));
    this.running.clear();
  }
}

/** Applies Baton's migrations to the bench database (idempotent: applied ones are skipped). */
export async function migrateSchema(repoRoot: string, databaseUrl: string): Promise<void> {
  const { applyMigrations } = await import("../../server/db/migrations");
  await applyMigrations(databaseUrl, path.join(repoRoot, "prisma/migrations"));
}

async function waitReady(name: string, child: ChildProcess, ready: Ready, url: string | undefined): Promise<void> {
  let output = "";
  let exited: number | null | undefined;
  child.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.on("exit", (code) => (exited = code));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`${name} exited (${exited}) before it was ready: ${output.trim().split("\n").slice(-3).join(" | ")}`);
    }
    if ("logPattern" in ready && ready.logPattern.test(output)) return;
    if ("httpPath" in ready && url) {
      const res = await fetch(`${url}${ready.httpPath}`).catch(() => undefined);
      if (res && res.status < 500) return;
    }
    await sleep(200);
  }
  await stop(child);
  throw new Error(`${name} was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signalGroup("SIGTERM");
  const timedOut = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
  if (timedOut) {
    signalGroup("SIGKILL");
    await exited;
  }
}
