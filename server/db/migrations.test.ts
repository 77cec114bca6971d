import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase, migrationsDir, type TestDatabase } from "../testing/test-db";
import { applyMigrations, checksumOf, MigrationError, readMigrations } from "./migrations";

async function fingerprint(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const cols = await c.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' ORDER BY table_name, column_name`,
    );
    const idx = await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`);
    const hist = await c.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
    return JSON.stringify({ cols: cols.rows, idx: idx.rows, hist: hist.rows });
  } finally {
    await c.end();
  }
}

function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-mig-"));
  fs.cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

describe("migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createEmptyDatabase("migrations");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("applies every migration once; a second run changes nothing", async () => {
    const all = readMigrations(migrationsDir).map((m) => m.name);
    const first = await applyMigrations(db.url, migrationsDir);
    expect(first.applied).toEqual(all);
    const before = await fingerprint(db.url);
    const second = await applyMigrations(db.url, migrationsDir);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(all);
    expect(await fingerprint(db.url)).toBe(before);
  });

  it("records Prisma-compatible history with sha-256 checksums of the files", async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query(`SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations"`);
    await c.end();
    for (const m of readMigrations(migrationsDir)) {
      const row = rows.find((r) => r.migration_name === m.name);
      expect(row?.checksum).toBe(checksumOf(fs.readFileSync(path.join(migrationsDir, m.name, "migration.sql"), "utf8")));
      expect(row?.applied_steps_count).toBe(1);
      expect(row?.finished_at).toBeInstanceOf(Date);
    }
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const dir = copyMigrations();
    const first = readMigrations(dir)[0].name;
    fs.appendFileSync(path.join(dir, first, "migration.sql"), "\n-- edited later\n");
    const err = await applyMigrations(db.url, dir).catch((e) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(err.message).toContain(`${first} was changed after it was applied`);
    expect(err.migration).toBe(first);
  });

  it("applies only the new migration when one is added, and rolls back a failing one", async () => {
    const dir = copyMigrations();
    fs.mkdirSync(path.join(dir, "29990101000000_add_probe"));
    fs.writeFileSync(path.join(dir, "29990101000000_add_probe", "migration.sql"), `CREATE TABLE "Probe" ("id" TEXT PRIMARY KEY);`);
    const r = await applyMigrations(db.url, dir);
    expect(r.applied).toEqual(["29990101000000_add_probe"]);

    fs.mkdirSync(path.join(dir, "29990102000000_broken"));
    fs.writeFileSync(path.join(dir, "29990102000000_broken", "migration.sql"), `CREATE TABLE "Probe2" ("id" TEXT); SELECT no_such_function();`);
    await expect(applyMigrations(db.url, dir)).rejects.toThrow(/29990102000000_broken failed and was rolled back/);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const t = await c.query(`SELECT to_regclass('"Probe2"') AS t`);
    const h = await c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '29990102000000_broken'`);
    await c.end();
    expect(t.rows[0].t).toBeNull();
    expect(h.rows[0].n).toBe(0);
  });

  it("names an empty migration folder instead of failing obscurely", () => {
    const dir = copyMigrations();
    fs.mkdirSync(path.join(dir, "29990103000000_empty"));
    expect(() => readMigrations(dir)).toThrow(/29990103000000_empty has no migration.sql/);
  });
});
