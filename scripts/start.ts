// `npm start`: set up everything a fresh clone needs (services, database, migrations,
// demo data), build when the sources changed since the last build, then run the web
// server and the worker until Ctrl-C.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { nextAuthSecretProblem } from "../server/env";
import { parseDotEnv } from "./lib/dotenv";
import { ensureDotEnvFile, prepare, root } from "./lib/prepare";
import { bin, runChildren, webEnv, WORKER_NODE_ARGS } from "./lib/processes";
import { log } from "./lib/services";

const SOURCES = ["app", "components", "server", "engine", "prisma/schema.prisma", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    max = Math.max(max, newestMtime(path.join(p, e.name)));
  }
  return max;
}

export function needsBuild(): boolean {
  const id = path.join(root, ".next/BUILD_ID");
  if (!fs.existsSync(id)) return true;
  const built = fs.statSync(id).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

/** The session secret Next will use: the environment's, else .env's (empty counts as unset). */
function sessionSecret(): string | undefined {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(root, ".env");
  return (fs.existsSync(file) && parseDotEnv(fs.readFileSync(file, "utf8")).NEXTAUTH_SECRET) || undefined;
}

/** Refuses to run with a session secret anyone could know: it signs every session cookie. */
function refuseWeakSecret(): void {
  const secret = sessionSecret();
  const problem = secret === undefined ? null : nextAuthSecretProblem(secret);
  if (!problem) return;
  log(`refusing to start: ${problem} (in .env or the environment)`);
  process.exit(1);
}

refuseWeakSecret(); // before anything is written or started
ensureDotEnvFile();
refuseWeakSecret();
const prepared = await prepare({ seed: true });
const port = process.env.PORT ?? "3000";
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: prepared.databaseUrl,
  REDIS_URL: prepared.redisUrl,
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: port,
};
if (needsBuild()) {
  log("building the web app (first start, or sources changed)…");
  execFileSync(bin(root, "next"), ["build"], { cwd: root, stdio: "inherit", env: { ...childEnv, NODE_ENV: "production" } });
}
log(`Baton is starting on http://localhost:${port}  (Ctrl-C stops it)`);
log("demo accounts: admin@acme.test … (password baton-demo) — see README.md");
runChildren(
  [
    // WEB_CONCURRENCY=N (or "auto"): N `next start` processes on the one port (scripts/web-cluster.mjs).
    process.env.WEB_CONCURRENCY
      ? { name: "web", cmd: process.execPath, args: ["scripts/web-cluster.mjs", "start", "-p", port], env: webEnv({ ...childEnv, NODE_ENV: "production" }), cwd: root }
      : { name: "web", cmd: bin(root, "next"), args: ["start", "-p", port], env: webEnv({ ...childEnv, NODE_ENV: "production" }), cwd: root },
    { name: "worker", cmd: process.execPath, args: [...WORKER_NODE_ARGS, "--import", "tsx", "worker/main.ts"], env: { ...childEnv, NODE_ENV: "production", BATON_SERVICE: "worker" }, cwd: root },
  ],
  () => prepared.services.stop(),
);
