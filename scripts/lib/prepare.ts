// Shared set-up for `npm start`, `npm run dev` and `npm test`: .env, services,
// database, migrations, Prisma client, seed. Idempotent: a second run changes nothing.
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { applyMigrations, ensureDatabase } from "../../server/db/migrations";
import { loadDotEnv } from "./dotenv";
import { ensureServices, log, type Services } from "./services";

export const root = path.resolve(import.meta.dirname, "../..");

/** Creates .env on first run with a generated NEXTAUTH_SECRET; never overwrites a value (an empty one is filled). */
export function ensureDotEnvFile(): void {
  const file = path.join(root, ".env");
  let existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const additions: string[] = [];
  if (!/^NEXTAUTH_SECRET=[ \t]*\S/m.test(existing) && !process.env.NEXTAUTH_SECRET) {
    // Also fills the empty `NEXTAUTH_SECRET=` of a copied .env.example (never a placeholder).
    existing = existing.replace(/^NEXTAUTH_SECRET=[ \t]*$\n?/m, "");
    additions.push(`NEXTAUTH_SECRET=${crypto.randomBytes(32).toString("base64url")}`);
  }
  if (!/^NEXTAUTH_URL=/m.test(existing) && !process.env.NEXTAUTH_URL) {
    additions.push(`NEXTAUTH_URL=http://localhost:${process.env.PORT ?? 3000}`);
  }
  if (additions.length === 0) return;
  const header = existing ? "" : "# Created by Baton's set-up on first run. See .env.example for every setting.\n";
  fs.writeFileSync(file, `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}${header}${additions.join("\n")}\n`, { mode: 0o600 });
  log(`wrote ${additions.map((a) => a.split("=")[0]).join(", ")} to .env`);
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function generatePrismaClient(): void {
  const marker = path.join(root, "server/db/generated/client.ts");
  const schema = path.join(root, "prisma/schema.prisma");
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(schema).mtimeMs) return;
  log("generating the Prisma client");
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["generate"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
}

export interface Prepared {
  services: Services;
  databaseUrl: string;
  redisUrl: string;
}

/** Services up, database `database` created, migrated and (optionally) seeded. */
export async function prepare(opts: { database?: string; seed?: boolean; quiet?: boolean } = {}): Promise<Prepared> {
  loadDotEnv(path.join(root, ".env"));
  const services = await ensureServices(root);
  const databaseUrl = opts.database ? withDatabase(services.databaseUrl, opts.database) : services.databaseUrl;
  const say = opts.quiet ? () => {} : log;
  if (await ensureDatabase(databaseUrl)) say(`created database ${new URL(databaseUrl).pathname.slice(1)}`);
  const { applied } = await applyMigrations(databaseUrl, path.join(root, "prisma/migrations"), (l) => say(l));
  if (applied.length === 0) say("database schema is up to date");
  generatePrismaClient();
  if (opts.seed !== false) {
    execFileSync(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "prisma/seed.ts")], {
      cwd: root,
      stdio: opts.quiet ? ["ignore", "ignore", "inherit"] : "inherit",
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  }
  return { services, databaseUrl, redisUrl: services.redisUrl };
}
