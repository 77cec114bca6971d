// Each test file gets its own database, cloned from a migrated template (one template per
// set of migrations, built once under an advisory lock), so files can run in parallel.
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { applyMigrations, quoteIdent, readMigrations } from "../db/migrations";

const root = path.resolve(import.meta.dirname, "../..");
export const migrationsDir = path.join(root, "prisma/migrations");

export function pgServerUrl(database = "postgres"): string {
  const base = process.env.TEST_PG_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgServerUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function ensureTemplate(): Promise<string> {
  const digest = crypto.createHash("sha256").update(readMigrations(migrationsDir).map((m) => m.checksum).join(",")).digest("hex").slice(0, 12);
  const name = `baton_tpl_${digest}`;
  await withAdmin(async (c) => {
    await c.query("SELECT pg_advisory_lock(914201)");
    try {
      const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (rowCount) return;
      const building = `${name}_building`;
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${quoteIdent(building)}`);
      await applyMigrations(pgServerUrl(building), migrationsDir);
      // Renaming last makes a half-built template impossible to pick up.
      await c.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
    } finally {
      await c.query("SELECT pg_advisory_unlock(914201)");
    }
  });
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated, empty database. `label` keeps names readable in pg_stat_activity.
 * `timezone` (or TEST_DB_TIMEZONE for a whole run) makes it default to another zone, as a
 * server configured for local time would: Baton must behave the same.
 */
export async function createTestDatabase(label: string, opts: { timezone?: string } = {}): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const name = `baton_t_${label.replace(/\W+/g, "_").slice(0, 30)}_${crypto.randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`));
  const timezone = opts.timezone ?? process.env.TEST_DB_TIMEZONE;
  if (timezone) await withAdmin((c) => c.query(`ALTER DATABASE ${quoteIdent(name)} SET timezone TO ${pg.escapeLiteral(timezone)}`));
  return {
    name,
    url: pgServerUrl(name),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

/** An empty database with no migrations applied (for the migration tests themselves). */
export async function createEmptyDatabase(label: string): Promise<TestDatabase> {
  const name = `baton_t_${label.replace(/\W+/g, "_").slice(0, 30)}_${crypto.randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return {
    name,
    url: pgServerUrl(name),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

export function testRedisPrefix(label: string): string {
  return `baton-test-${label}-${crypto.randomBytes(3).toString("hex")}`;
}
