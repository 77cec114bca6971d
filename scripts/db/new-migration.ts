// `npm run db:new-migration -- NAME`: writes prisma/migrations/<UTC timestamp>_<NAME>/migration.sql
// with the SQL that takes the last migrated schema (prisma/migrated-schema.prisma) to
// prisma/schema.prisma. Uses `prisma migrate diff` between two datamodels, which needs no
// shadow database (Prisma's shadow-database support is broken with adapters here).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "../lib/prepare";
import { loadDotEnv } from "../lib/dotenv";
import { ensureServices } from "../lib/services";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]{1,60}$/.test(name)) {
  console.error("Usage: npm run db:new-migration -- NAME   (NAME: lower-case letters, digits, underscores)");
  process.exit(2);
}

loadDotEnv(path.join(root, ".env"));
const services = await ensureServices(root);
const snapshot = path.join(root, "prisma/migrated-schema.prisma");
const schema = path.join(root, "prisma/schema.prisma");
const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "baton-migration-")), "migration.sql");
execFileSync(
  path.join(root, "node_modules/.bin/prisma"),
  ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script", "--output", tmp],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DATABASE_URL: services.databaseUrl, CHECKPOINT_DISABLE: "1" } },
);
const sql = fs.readFileSync(tmp, "utf8");
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log("schema.prisma has no changes since the last migration: nothing written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
fs.mkdirSync(dir);
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
fs.copyFileSync(schema, snapshot);
console.log(`wrote ${path.relative(root, dir)}/migration.sql — review it, then npm run db:migrate`);
services.stop();
