// `npm run db:reset`: drops and recreates the database, applies all migrations, seeds.
import path from "node:path";
import pg from "pg";
import { quoteIdent } from "../../server/db/migrations";
import { loadDotEnv } from "../lib/dotenv";
import { prepare, root } from "../lib/prepare";
import { ensureServices, log } from "../lib/services";

loadDotEnv(path.join(root, ".env"));
const services = await ensureServices(root);
const url = new URL(services.databaseUrl);
const name = decodeURIComponent(url.pathname.slice(1));
url.pathname = "/postgres";
const admin = new pg.Client({ connectionString: url.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
await admin.end();
log(`dropped database ${name}`);
await prepare({ seed: true });
