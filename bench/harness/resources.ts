// The bench's own PostgreSQL database and Redis key prefix: created on first use, removed at the end
// of the run (also on Ctrl-C), so figures never touch, or are skewed by, anyone else's data.
import pg from "pg";
import { Redis } from "ioredis";
import type { PostgresResource, RedisResource } from "./types";

export const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

export interface ConnectionSettings {
  adminUrl: string;
  redisUrl: string;
}

export function connectionSettings(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  return {
    adminUrl: env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? DEFAULT_ADMIN_URL,
    redisUrl: env.REDIS_URL ?? DEFAULT_REDIS_URL,
  };
}

const BENCH_DB = /^baton_bench_(\d+)(?:_[a-z0-9]+)?$/;

export class BenchResources {
  private pgResource?: Promise<PostgresResource>;
  private redisResource?: Promise<RedisResource>;
  private cleaned = false;

  /** runId keeps two runs in one process apart (the smoke test); the pid keeps processes apart. */
  constructor(
    private readonly settings: ConnectionSettings,
    private readonly runId: string = String(process.pid),
  ) {}

  postgres(): Promise<PostgresResource> {
    this.pgResource ??= this.createDatabase();
    return this.pgResource;
  }

  redis(): Promise<RedisResource> {
    this.redisResource ??= this.claimPrefix();
    return this.redisResource;
  }

  /** Idempotent; never throws (it runs on the way out, where a throw would hide the real error). */
  async cleanup(log: (m: string) => void): Promise<void> {
    if (this.cleaned) return;
    this.cleaned = true;
    const tasks: Promise<void>[] = [];
    if (this.pgResource) {
      tasks.push(
        this.pgResource
          .then((r) => dropDatabase(this.settings.adminUrl, r.database))
          .catch((e: unknown) => log(`could not drop the bench database: ${message(e)}`)),
      );
    }
    if (this.redisResource) {
      tasks.push(
        this.redisResource
          .then(async (r) => {
            await deleteByPrefix(r);
          })
          .catch((e: unknown) => log(`could not delete the bench Redis keys: ${message(e)}`)),
      );
    }
    await Promise.all(tasks);
  }

  private async createDatabase(): Promise<PostgresResource> {
    const database = `baton_bench_${this.runId}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
    const admin = new pg.Client({ connectionString: this.settings.adminUrl });
    await admin.connect();
    try {
      await dropOrphans(admin);
      await admin.query(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${ident(database)}`);
    } finally {
      await admin.end();
    }
    const url = new URL(this.settings.adminUrl);
    url.pathname = `/${database}`;
    return {
      url: url.toString(),
      database,
      host: url.hostname || "127.0.0.1",
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || "postgres"),
      password: url.password ? decodeURIComponent(url.password) : undefined,
    };
  }

  private async claimPrefix(): Promise<RedisResource> {
    const url = new URL(this.settings.redisUrl);
    const resource: RedisResource = {
      url: this.settings.redisUrl,
      prefix: `baton-bench-${this.runId}:`,
      host: url.hostname || "127.0.0.1",
      port: Number(url.port || 6379),
      db: Number(url.pathname.replace("/", "") || 0),
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
    };
    // Start from an empty prefix: a previous run with the same pid may have been killed.
    await deleteByPrefix(resource);
    return resource;
  }
}

/** Drops bench databases left by runs that were killed (their pid is gone). Local servers only:
 * a pid means nothing for a database another machine created. */
async function dropOrphans(admin: pg.Client): Promise<void> {
  const host = admin.host;
  if (host && !["127.0.0.1", "localhost", "::1"].includes(host) && !host.startsWith("/")) return;
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'baton\\_bench\\_%'",
  );
  for (const { datname } of rows) {
    const pid = Number(BENCH_DB.exec(datname)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await admin.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // FORCE: a pgbench child killed by Ctrl-C may still hold connections for a moment.
    await admin.query(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export function redisClient(r: RedisResource): Redis {
  return new Redis({
    host: r.host,
    port: r.port,
    db: r.db,
    username: r.username,
    password: r.password,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
}

/** SCAN + UNLINK in batches: never KEYS (blocks Redis) and never FLUSHALL (other people's data). */
export async function deleteByPrefix(r: RedisResource): Promise<number> {
  const client = redisClient(r);
  await client.connect();
  let deleted = 0;
  try {
    const match = `${r.prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", match, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) deleted += await client.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
  return deleted;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
