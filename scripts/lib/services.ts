// Finds PostgreSQL and Redis for `npm start` and `npm test`: the configured URLs, else
// the standard local ports, else project-local servers under .data/ on spare ports
// (installing the Debian packages when run as root, or printing what to install).
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface Services {
  databaseUrl: string; // server URL without the database name's meaning: callers pick the db
  redisUrl: string;
  started: string[];
  stop(): void;
}

export interface PortPlan {
  /** Where an already running server is looked for. */
  standardPg: number;
  standardRedis: number;
  /** Where project-local servers are started when none answers. */
  localPg: number;
  localRedis: number;
}

export const DEFAULT_PORTS: PortPlan = { standardPg: 5432, standardRedis: 6379, localPg: 54329, localRedis: 63799 };

export function log(msg: string): void {
  process.stdout.write(`[baton] ${msg}\n`);
}

export function portOpen(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

function which(bin: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function aptInstall(pkgs: string[], why: string): void {
  if (!isRoot()) {
    throw new Error(
      `${why}\nInstall it, then run again:\n  sudo apt-get install -y ${pkgs.join(" ")}\n` +
        `or point Baton at existing servers by setting DATABASE_URL and REDIS_URL in .env.`,
    );
  }
  log(`${why} Installing ${pkgs.join(", ")} with apt-get…`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...pkgs], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

function findPgBin(name: string): string | null {
  const onPath = which(name);
  if (onPath) return onPath;
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const p = path.join(base, v, "bin", name);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

/** initdb and postgres refuse to run as root: run them as the `postgres` system user then. */
function asPgUser(cmd: string, args: string[], dataRoot: string): void {
  if (isRoot()) {
    fs.chownSync(dataRoot, uidOf("postgres"), gidOf("postgres"));
    execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" });
  } else {
    execFileSync(cmd, args, { stdio: "pipe" });
  }
}

function uidOf(user: string): number {
  return Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
}
function gidOf(user: string): number {
  return Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
}

/**
 * .data/postgres, unless the server's user cannot reach it (a clone under /root is 0700):
 * then a folder of its own under /var/lib/baton, named after the clone.
 */
function pgDataDir(dataDir: string): string {
  const wanted = path.join(dataDir, "postgres");
  if (!isRoot()) return wanted;
  fs.mkdirSync(dataDir, { recursive: true });
  const reachable = spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", dataDir]).status === 0;
  if (reachable) return wanted;
  const alt = path.join("/var/lib/baton", crypto.createHash("sha256").update(dataDir).digest("hex").slice(0, 12), "postgres");
  log(`${wanted} is not reachable by the postgres user; using ${alt}`);
  return alt;
}

async function startLocalPostgres(dataDir: string, pgPort: number): Promise<() => void> {
  let initdb = findPgBin("initdb");
  if (!initdb) {
    aptInstall(["postgresql"], "PostgreSQL is not running on 127.0.0.1:5432 and is not installed.");
    initdb = findPgBin("initdb");
    if (!initdb) throw new Error("initdb still not found after installing postgresql");
  }
  const pgCtl = findPgBin("pg_ctl")!;
  const pgdata = pgDataDir(dataDir);
  fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  if (isRoot()) fs.chownSync(pgdata, uidOf("postgres"), gidOf("postgres"));
  if (!fs.existsSync(path.join(pgdata, "PG_VERSION"))) {
    log(`initialising a project-local PostgreSQL in ${pgdata}`);
    asPgUser(initdb, ["-D", pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8"], pgdata);
  }
  if (!(await portOpen(pgPort))) {
    log(`starting PostgreSQL on 127.0.0.1:${pgPort}`);
    asPgUser(
      pgCtl,
      ["-D", pgdata, "-l", path.join(pgdata, "server.log"), "-w", "-o", `-p ${pgPort} -k ${pgdata} -c listen_addresses=127.0.0.1`, "start"],
      pgdata,
    );
  }
  return () => {
    try {
      asPgUser(pgCtl, ["-D", pgdata, "-m", "fast", "stop"], pgdata);
      log("stopped the project-local PostgreSQL");
    } catch {
      /* already stopped */
    }
  };
}

async function startLocalRedis(dataDir: string, redisPort: number): Promise<() => void> {
  let server = which("redis-server");
  if (!server) {
    aptInstall(["redis-server"], "Redis is not running on 127.0.0.1:6379 and is not installed.");
    server = which("redis-server");
    if (!server) throw new Error("redis-server still not found after installing it");
  }
  const dir = path.join(dataDir, "redis");
  fs.mkdirSync(dir, { recursive: true });
  if (!(await portOpen(redisPort))) {
    log(`starting Redis on 127.0.0.1:${redisPort}`);
    execFileSync(server, [
      "--port", String(redisPort), "--bind", "127.0.0.1", "--dir", dir,
      "--maxmemory-policy", "noeviction", "--appendonly", "yes", "--save", "",
      "--daemonize", "yes", "--pidfile", path.join(dir, "redis.pid"), "--logfile", path.join(dir, "redis.log"),
    ]);
    for (let i = 0; i < 50 && !(await portOpen(redisPort)); i++) await sleep(100);
  }
  return () => {
    const cli = which("redis-cli");
    if (cli) spawnSync(cli, ["-p", String(redisPort), "shutdown", "nosave"], { stdio: "ignore" });
    log("stopped the project-local Redis");
  };
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Returns the PostgreSQL server URL (database part `postgres`) and the Redis URL.
 * An explicit DATABASE_URL/REDIS_URL always wins; nothing is started then.
 */
export async function ensureServices(root: string, ports: PortPlan = DEFAULT_PORTS): Promise<Services> {
  const dataDir = path.join(root, ".data");
  const stops: Array<() => void> = [];
  const started: string[] = [];

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    if (await portOpen(ports.standardPg)) {
      databaseUrl = `postgresql://postgres@127.0.0.1:${ports.standardPg}/baton`;
    } else {
      stops.push(await startLocalPostgres(dataDir, ports.localPg));
      started.push("postgres");
      databaseUrl = `postgresql://postgres@127.0.0.1:${ports.localPg}/baton`;
    }
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    if (await portOpen(ports.standardRedis)) {
      redisUrl = `redis://127.0.0.1:${ports.standardRedis}`;
    } else {
      stops.push(await startLocalRedis(dataDir, ports.localRedis));
      started.push("redis");
      redisUrl = `redis://127.0.0.1:${ports.localRedis}`;
    }
  }
  return {
    databaseUrl,
    redisUrl,
    started,
    stop() {
      for (const s of stops.reverse()) s();
    },
  };
}

export function hostSummary(): string {
  return `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
}
