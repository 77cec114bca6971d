// `npm run db:migrate`: creates the database if needed and applies pending migrations.
import path from "node:path";
import { applyMigrations, ensureDatabase, redactUrl } from "../../server/db/migrations";
import { loadDotEnv } from "../lib/dotenv";
import { root } from "../lib/prepare";
import { ensureServices, log } from "../lib/services";

loadDotEnv(path.join(root, ".env"));
const services = await ensureServices(root);
try {
  const url = services.databaseUrl;
  if (await ensureDatabase(url)) log(`created database ${redactUrl(url)}`);
  const r = await applyMigrations(url, path.join(root, "prisma/migrations"), log);
  log(`${r.applied.length} applied, ${r.alreadyApplied.length} already applied`);
} catch (err) {
  console.error(`[baton] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
