// Prisma CLI configuration. The CLI runs Prisma's bundled WASM schema engine through a
// driver adapter, so `generate` and `migrate diff` work without downloading native engines
// (../shared/ENVIRONMENT.md, "Prisma"). Migrations are applied by scripts/db/migrate.ts.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { loadDotEnv } from "./scripts/lib/dotenv";

loadDotEnv();
// generate needs no connection, but the CLI wants a URL or it fetches the native engine.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  async adapter() {
    const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
    return new PrismaPg({ connectionString: url });
  },
});
