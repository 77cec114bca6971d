// Entry point: `npm run bench [-- --quick] [-- --only NAME[,NAME]] [-- --out FILE] [-- --no-docs]`.
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT, runBench } from "./harness/runner";
import { writeDocs } from "./harness/report";
import { renderText } from "./harness/table";
import type { RunResults, Size } from "./harness/types";

const USAGE = `usage: npm run bench -- [--quick | --tiny] [--only NAME[,NAME…]] [--out FILE] [--no-docs]
       npm run bench -- --render [FILE]   (rewrite docs/benchmarks.md from a results JSON, measuring nothing)
  --quick    short runs for a shared machine (minutes, not tens of minutes)
  --tiny     smoke-test sizes (seconds); figures are meaningless
  --only     comma-separated scenario names (bench/scenarios/<name>.ts); baselines a
             scenario compares with must be listed too
  --out      results JSON (default bench/results/latest.json)
  --no-docs  do not rewrite docs/benchmarks.md
  --render   re-render docs/benchmarks.md (with bench/findings.md) from FILE, default bench/results/latest.json`;

async function main(): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      options: {
        quick: { type: "boolean", default: false },
        tiny: { type: "boolean", default: false },
        only: { type: "string", multiple: true },
        out: { type: "string" },
        "no-docs": { type: "boolean", default: false },
        render: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.render) {
    const file = path.resolve(positionals[0] ?? path.join(REPO_ROOT, "bench/results/latest.json"));
    const results = JSON.parse(await fs.readFile(file, "utf8")) as RunResults;
    await writeDocs(path.join(REPO_ROOT, "docs/benchmarks.md"), results, undefined);
    process.stdout.write(`${renderText(results)}\n`);
    return 0;
  }
  if (positionals.length) {
    process.stderr.write(`unexpected argument ${positionals[0]}\n${USAGE}\n`);
    return 2;
  }
  const size: Size = values.tiny ? "tiny" : values.quick ? "quick" : "full";
  const only = values.only?.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);

  // Ctrl-C: stop the running scenario (its child processes get the signal), then let runBench's
  // finally block drop the database and delete the Redis keys before we exit.
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      process.stderr.write(`second ${sig}: exiting without cleanup (the next run drops orphaned bench databases)\n`);
      process.exit(130);
    }
    process.stderr.write(`${sig}: stopping and cleaning up…\n`);
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    const { results, failed } = await runBench({
      size,
      only: only && only.length > 0 ? only : undefined,
      out: path.resolve(values.out ?? path.join(REPO_ROOT, "bench/results/latest.json")),
      docs: values["no-docs"] ? null : path.join(REPO_ROOT, "docs/benchmarks.md"),
      signal: abort.signal,
    });
    process.stdout.write(`${renderText(results)}\n`);
    if (abort.signal.aborted) return 130;
    return failed ? 1 : 0;
  } catch (e) {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main();
