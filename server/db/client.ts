// The Prisma client (no native engine: the pg driver adapter). One per process.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, Prisma } from "./generated/client";
import { env } from "../env";

export { Prisma };
export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

const pools = new WeakMap<object, { url: string; max: number; pool?: pg.Pool }>();

export function createDb(connectionString: string, max = 10): PrismaClient {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
  pools.set(db, { url: connectionString, max });
  return db;
}

/** The plain `pg` pool beside a Prisma client (same database), for the hot write path. */
export function sqlPool(db: PrismaClient): pg.Pool {
  const entry = pools.get(db);
  if (!entry) throw new Error("sqlPool: this client was not made by createDb()");
  if (!entry.pool) {
    entry.pool = new pg.Pool({ connectionString: entry.url, max: entry.max });
    entry.pool.on("error", () => {}); // an idle client dropped by the server; the pool replaces it
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
