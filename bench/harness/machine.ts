// Facts that make a figure meaningful: the same code on another machine is another number.
import os from "node:os";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { Redis } from "ioredis";
import type { ConnectionSettings } from "./resources";
import type { MachineFacts } from "./types";

const run = promisify(execFile);

export async function machineFacts(settings: ConnectionSettings, repoRoot: string): Promise<MachineFacts> {
  const [postgres, redis, commit] = await Promise.all([
    postgresVersion(settings.adminUrl),
    redisVersion(settings.redisUrl),
    gitCommit(repoRoot),
  ]);
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    redis,
    date: new Date().toISOString(),
    commit,
  };
}

// Each probe returns undefined rather than failing the run: a run of engine-only scenarios
// needs neither server, and the report says "unavailable".
async function postgresVersion(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>("SELECT version()");
    // "PostgreSQL 15.20 (Debian …)"; the compiler and platform that follow add nothing here.
    return rows[0]?.version.split(" on ")[0];
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisVersion(url: string): Promise<string | undefined> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  try {
    await client.connect();
    const info = await client.info("server");
    return /^redis_version:(.+)$/m.exec(info)?.[1]?.trim();
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

async function gitCommit(cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await run("git", ["rev-parse", "--short", "HEAD"], { cwd });
    // Figures from uncommitted code must not pass for figures of the commit.
    const { stdout: status } = await run("git", ["status", "--porcelain"], { cwd });
    return stdout.trim() + (status.trim() ? "-dirty" : "");
  } catch {
    return undefined;
  }
}
