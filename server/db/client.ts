// The Prisma client (no native engine: the pg driver adapter). One per process.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, Prisma } from "./generated/client";
import { env } from "../env";
import { logger } from "../log";

export { Prisma };
export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

// On globalThis: Next bundles this module once per server layer (pages, server actions), and
// db() hands every copy the same client, so every copy must find that client's pool entry.
const poolHolder = globalThis as unknown as { __batonPools?: WeakMap<object, { url: string; max: number; pool?: pg.Pool }> };
const pools = (poolHolder.__batonPools ??= new WeakMap());

/**
 * Every connection runs with TimeZone UTC. Columns are `timestamp(3)` holding UTC wall-clock time
 * (what Prisma writes); SQL that says `now()` converts it to the session's zone. On a server
 * configured for another zone (America/New_York, Europe/Berlin — initdb copies the system's) job
 * locks, retry times and timers would be off by hours: jobs stuck, timers early or late.
 * Options already in the URL (`?options=-c …`) are kept.
 */
export function utcSessionOptions(connectionString: string): string {
  let given: string | null = null;
  try {
    given = new URL(connectionString).searchParams.get("options");
  } catch {
    // not a URL (a keyword string): nothing to keep
  }
  return [given, "-c TimeZone=UTC"].filter(Boolean).join(" ");
}

/**
 * A pool that survives the database going away (restart, failover): an idle client's error and a
 * checked-out client's error are both handled — the query in flight fails and the pool replaces
 * the client. Without a listener on the client, a server restart between two queries of a
 * transaction emitted an unhandled 'error' and took the whole process down.
 */
function resilientPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, options: utcSessionOptions(connectionString) });
  const report = (err: Error) => logger.warn({ err: err.message }, "database connection lost; it is replaced on next use");
  pool.on("error", report);
  pool.on("connect", (client) => client.on("error", report));
  return pool;
}

export function createDb(connectionString: string, max = 10): PrismaClient {
  const db = new PrismaClient({ adapter: new PrismaPg(resilientPool(connectionString, max), { disposeExternalPool: true }) });
  pools.set(db, { url: connectionString, max });
  return db;
}

/** The plain `pg` pool beside a Prisma client (same database), for the hot write path. */
export function sqlPool(db: PrismaClient): pg.Pool {
  const entry = pools.get(db);
  if (!entry) throw new Error("sqlPool: this client was not made by createDb()");
  if (!entry.pool) {
    entry.pool = resilientPool(entry.url, entry.max);
    // Disconnecting the Prisma client ends its sibling pool too (tests, shutdown).
    const disconnect = db.$disconnect.bind(db);
    const pool = entry.pool;
    Object.assign(db, { $disconnect: async () => { await pool.end().catch(() => {}); await disconnect(); } });
  }
  return entry.pool;
}

const holder = globalThis as unknown as { __batonDb?: PrismaClient };

/** The process-wide client for DATABASE_URL (kept on globalThis across Next dev reloads). */
export function db(): PrismaClient {
  holder.__batonDb ??= createDb(env().DATABASE_URL);
  return holder.__batonDb;
}
