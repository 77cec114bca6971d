// `npm test`: typecheck, lint, Vitest (unit + integration on the real PostgreSQL and Redis)
// and Playwright in Chromium against a production build. Each step prints its runner's
// own summary; the first failing step fails the run. The third-party BPMN corpus is an extra
// conformance run inside the vitest step, only when BATON_BPMN_CORPUS names its folder
// (.ci/run sets it); otherwise one line says it was left out.
//   npm test                      every step
//   npm test -- vitest e2e        only the named steps (typecheck, lint, vitest, build, e2e)
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { prepare, root } from "./lib/prepare";
import { bin } from "./lib/processes";
import { log } from "./lib/services";

const ALL = ["typecheck", "lint", "vitest", "build", "e2e"] as const;
type Step = (typeof ALL)[number];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const steps: Step[] = wanted.length ? ALL.filter((s) => wanted.includes(s)) : [...ALL];

const prepared = await prepare({ database: "baton_e2e", seed: true, quiet: true });
const serverUrl = new URL(prepared.databaseUrl);
serverUrl.pathname = "/postgres";
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: prepared.databaseUrl,
  REDIS_URL: prepared.redisUrl,
  TEST_PG_SERVER_URL: serverUrl.toString(),
  // A real secret for the run (server/env.ts refuses short and placeholder ones).
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || crypto.randomBytes(32).toString("base64url"),
  NEXT_TELEMETRY_DISABLED: "1",
  CHECKPOINT_DISABLE: "1",
  // A fresh Redis prefix per run: login rate limits and heartbeats of earlier runs do not leak in.
  E2E_REDIS_PREFIX: `baton-e2e-${Date.now().toString(36)}`,
};

const commands: Record<Step, [string, string[], NodeJS.ProcessEnv?]> = {
  typecheck: [bin(root, "tsc"), ["--noEmit", "-p", "."]],
  lint: [bin(root, "eslint"), [".", "--max-warnings", "0"]],
  vitest: [bin(root, "vitest"), ["run"]],
  build: [bin(root, "next"), ["build"], { NODE_ENV: "production" }],
  e2e: [bin(root, "playwright"), ["test"]],
};

if (steps.includes("vitest") && !process.env.BATON_BPMN_CORPUS?.trim()) {
  log("BPMN corpus conformance run: not part of this run (set BATON_BPMN_CORPUS=<folder> to include it, as .ci/run does)");
}

let failed: Step | null = null;
const started = Date.now();
for (const step of steps) {
  log(`── ${step} ──`);
  const [cmd, args, extra] = commands[step];
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...extra } });
  log(`${step}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    failed = step;
    break;
  }
}
prepared.services.stop();
log(failed ? `npm test failed at ${failed}` : `all steps passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
