// Baton's own processes for scenarios that require 'web' or 'worker': started once per run
// against the bench database and Redis prefix, stopped at the end.
//
// The entrypoints are not built yet, so there is no default command: until the runtime team sets
// one here, a scenario that requires a process fails with a message saying so (bench/README.md).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { PostgresResource, RedisResource, ServiceResource } from "./types";

type Ready = { httpPath: string } | { logPattern: RegExp };

interface ServiceSpec {
  /** Env var that overrides the command (a shell command line, run from the repo root). */
  envVar: string;
  defaultCommand?: string;
  ready: Ready;
}

export const SERVICES: Record<"web" | "worker", ServiceSpec> = {
  web: { envVar: "BENCH_WEB_COMMAND", ready: { httpPath: "/" } },
  worker: { envVar: "BENCH_WORKER_COMMAND", ready: { logPattern: /\b(ready|started|listening)\b/i } },
};

/** Applies migrations to the bench database; the script is the one prisma.config.ts names. */
const MIGRATE_SCRIPT = "scripts/db/migrate.ts";
const READY_TIMEOUT_MS = 60_000;

export class BenchServices {
  private readonly running = new Map<string, { child: ChildProcess; resource: ServiceResource }>();
  private migrated?: Promise<void>;

  constructor(private readonly repoRoot: string) {}

  async start(
    name: "web" | "worker",
    pgRes: PostgresResource,
    redisRes: RedisResource,
    log: (m: string) => void,
  ): Promise<ServiceResource> {
    const existing = this.running.get(name);
    if (existing) return existing.resource;
    const spec = SERVICES[name];
    const command = process.env[spec.envVar] ?? spec.defaultCommand;
    if (!command) {
      throw new Error(
        `requires the ${name} process, but no command is configured: set ${spec.envVar} or the default in bench/harness/services.ts`,
      );
    }
    this.migrated ??= this.migrate(pgRes.url);
    await this.migrated;
    const port = name === "web" ? await freePort() : undefined;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: pgRes.url,
      REDIS_URL: redisRes.url,
      // The app must put every Redis key (BullMQ included) under this prefix.
      BATON_REDIS_PREFIX: redisRes.prefix,
      ...(port ? { PORT: String(port) } : {}),
    };
    log(`starting ${name}: ${command}`);
    // detached: the shell's children form their own group, so stop() can signal all of them.
    const child = spawn(command, { shell: true, cwd: this.repoRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const resource: ServiceResource = { pid: child.pid ?? -1, url: port ? `http://127.0.0.1:${port}` : undefined };
    this.running.set(name, { child, resource });
    await waitReady(name, child, spec.ready, resource.url);
    return resource;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map(({ child }) => stop(child)));
    this.running.clear();
  }

  private async migrate(databaseUrl: string): Promise<void> {
    const script = path.join(this.repoRoot, MIGRATE_SCRIPT);
    if (!fs.existsSync(script)) throw new Error(`cannot create Baton's schema: ${MIGRATE_SCRIPT} does not exist`);
    const tsx = path.join(this.repoRoot, "node_modules/.bin/tsx");
    const child = spawn(tsx, [script], { cwd: this.repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`${MIGRATE_SCRIPT} failed (${code}): ${output.trim().split("\n").slice(-3).join(" | ")}`);
  }
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
