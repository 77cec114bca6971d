// `npm run token:create -- EMAIL [NAME] [--scopes a,b] [--expires-in-days N]`: creates an API
// token for a user without the UI (bootstrapping the CLI and CI). Finds the database like
// `npm start` does; the token is shown once.
import { parseArgs } from "node:util";
import { prepare } from "./lib/prepare";

const USAGE = "usage: npm run token:create -- EMAIL [NAME] [--scopes instance.start,task.list] [--expires-in-days N]";

function fail(message: string): never {
  process.stderr.write(`token:create: ${message}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ options: { scopes: { type: "string" }, "expires-in-days": { type: "string" } }, allowPositionals: true, strict: true });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
const [email, name = "cli"] = parsed.positionals;
if (!email || parsed.positionals.length > 2) fail(USAGE);
const days = parsed.values["expires-in-days"];

const p = await prepare({ seed: false, quiet: true });
// Before importing server/: its env module reads DATABASE_URL once.
process.env.DATABASE_URL = p.databaseUrl;
const { createDb } = await import("../server/db/client");
const { loadActor } = await import("../server/auth/load-actor");
const { createToken } = await import("../server/commands/tokens/create-token");
const { isBatonError } = await import("../server/errors");
const db = createDb(p.databaseUrl, 1);
let code = 0;
try {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  const actor = user && (await loadActor(db, user.id, "session"));
  if (!actor) throw new Error(`no enabled user with email ${email} (demo users: \`npm run db:seed\`)`);
  const token = await createToken(
    actor,
    { name, scopes: parsed.values.scopes ? (parsed.values.scopes.split(",").map((s) => s.trim()) as never) : [], expiresInDays: days ? Number(days) : undefined },
    { db },
  );
  process.stdout.write(
    `\nAPI token "${token.name}" for ${actor.email} (${actor.roles.join(", ") || "no roles"}), scopes: ${token.scopes.join(", ") || "all of the user's"}` +
      `${token.expiresAt ? `, expires ${token.expiresAt}` : ""}. Shown once:\n\n${token.token}\n\nexport BATON_TOKEN=${token.token}\n`,
  );
} catch (err) {
  const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  const detail = isBatonError(err)
    ? `${err.message}${err.details.fields ? ` ${JSON.stringify(err.details.fields)}` : ""}`
    : issues // a ZodError: e.g. an unknown scope name
      ? issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      : (err as Error).message;
  process.stderr.write(`token:create: ${detail}\n`);
  code = 1;
} finally {
  await db.$disconnect();
  p.services.stop();
}
process.exit(code);
