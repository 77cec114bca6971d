// Runs `next start` in WEB_CONCURRENCY processes that share one port (node:cluster): a Next.js
// server answers on one JavaScript thread, so one process uses at most one core. Measured on the
// 2-core bench machine (bench/findings.md): 2 processes serve ~1.5x the starts/s of one at 16
// clients, and p95 falls from ~66 to ~46 ms.
//
// Plain JavaScript on purpose: it runs in production without a loader, and its workers inherit
// only the node options the caller gave (heap settings), nothing of tsx.
//
//   WEB_CONCURRENCY=2 node scripts/web-cluster.mjs start -p 3000
//
// A worker that dies after it has been up a while is replaced; one that dies at once (bad build,
// port taken) stops everything with its exit code, so a crash loop is not hidden. SIGTERM/SIGINT
// stop the workers gracefully (Next finishes requests in flight), then the primary exits.
// BATON_WEB_ENTRY replaces the Next.js CLI (the launcher's tests run a small server instead).
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** WEB_CONCURRENCY: a whole number from 1 to 64, or "auto" (one per core, at most 8). */
function parseConcurrency(raw) {
  if (raw === undefined || raw === "") return 1;
  if (raw === "auto") return Math.min(8, Math.max(1, os.availableParallelism()));
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) {
    throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to 64, or "auto" (one web process per core); got "${raw}"`);
  }
  return Number(raw);
}

// How long a worker must have run for its death to count as a crash to recover from, not a
// failure to start (BATON_WEB_STABLE_MS: the launcher's tests shorten it).
const STABLE_AFTER_MS = Number(process.env.BATON_WEB_STABLE_MS ?? 10_000);
const STOP_TIMEOUT_MS = 15_000;

function primary() {
  let n;
  try {
    n = parseConcurrency(process.env.WEB_CONCURRENCY);
  } catch (err) {
    console.error(`[web] ${err.message}`);
    process.exit(2);
  }
  let stopping = false;
  let exitCode = 0;
  const startedAt = new Map();
  const fork = () => startedAt.set(cluster.fork().id, Date.now());
  const alive = () => Object.values(cluster.workers ?? {}).filter((w) => !w.isDead()).length;
  for (let i = 0; i < n; i++) fork();
  console.log(`[web] ${n} web process${n === 1 ? "" : "es"} (WEB_CONCURRENCY)`);

  cluster.on("exit", (worker, code, signal) => {
    const upMs = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (!alive()) process.exit(exitCode);
      return;
    }
    const how = signal ?? `code ${code}`;
    if (upMs < STABLE_AFTER_MS) {
      console.error(`[web] a web process exited (${how}) ${upMs} ms after it started; stopping`);
      stop(typeof code === "number" && code !== 0 ? code : 1);
      return;
    }
    console.error(`[web] a web process exited (${how}); starting another`);
    fork();
  });

  function stop(code) {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => !w.isDead());
    if (!workers.length) process.exit(code);
    for (const w of workers) w.process.kill("SIGTERM");
    exitCode = code;
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w.process.kill("SIGKILL");
      process.exit(code || 1);
    }, STOP_TIMEOUT_MS).unref();
  }
  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
}

async function worker() {
  const entry = process.env.BATON_WEB_ENTRY ?? path.join(process.cwd(), "node_modules/next/dist/bin/next");
  // The entry reads its command line as if it had been started itself.
  process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
  await import(pathToFileURL(entry).href);
}

if (cluster.isPrimary) primary();
else await worker();
