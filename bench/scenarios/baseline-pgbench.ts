// PostgreSQL alone, on this machine: the ceiling any durable Baton transition is measured against.
// TPC-B-like transactions (3 updates, 1 select, 1 insert, one commit) are close to what a Baton
// transition writes, so `pgbench.tps.cN` is the natural baseline for transitions per second.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runTool } from "../harness/exec";
import { latencyHistogram } from "../harness/histogram";
import type { PostgresResource, Scenario, ScenarioContext } from "../harness/types";

const scenario: Scenario = {
  name: "baseline-pgbench",
  description: "pgbench tpcb-like TPS and per-transaction latency at 1, 8 and 32 clients",
  requires: ["postgres"],
  async run(ctx) {
    const scale = ctx.pick({ tiny: 1, quick: 10, full: 10 });
    const seconds = ctx.pick({ tiny: 1, quick: 5, full: 15 });
    const clientCounts = ctx.pick({ tiny: [1], quick: [1, 8, 32], full: [1, 8, 32] });

    ctx.log(`pgbench -i -s ${scale}`);
    await pgbench(ctx, ["-i", "-q", "-s", String(scale)]);

    const logDir = await fs.mkdtemp(path.join(os.tmpdir(), "baton-bench-pgbench-"));
    try {
      for (const clients of clientCounts) {
        ctx.log(`${clients} client(s), ${seconds} s`);
        const prefix = path.join(logDir, `c${clients}`);
        // -l writes one line per transaction: real percentiles, not just pgbench's average.
        const out = await pgbench(ctx, [
          "-c", String(clients),
          "-j", String(Math.min(2, clients)),
          "-T", String(seconds),
          "-l", `--log-prefix=${prefix}`,
        ]);
        const tps = match(out, /^tps = ([\d.]+)/m, "tps");
        const average = match(out, /^latency average = ([\d.]+) ms/m, "latency average");
        ctx.record.rate(`pgbench.tps.c${clients}`, tps);
        ctx.record.latency(`pgbench.latency.c${clients}`, await readLatencies(logDir, `c${clients}.`), {
          mean: average,
          histogramUnit: "us",
        });
      }
    } finally {
      await fs.rm(logDir, { recursive: true, force: true });
    }
  },
};

export default scenario;

async function pgbench(ctx: ScenarioContext, args: string[]): Promise<string> {
  const pgRes: PostgresResource = ctx.postgres;
  const { stdout, stderr } = await runTool(
    "pgbench",
    ["-h", pgRes.host, "-p", String(pgRes.port), "-U", pgRes.user, ...args, pgRes.database],
    {
      debianPackage: "postgresql-contrib",
      env: pgRes.password ? { PGPASSWORD: pgRes.password } : {},
      signal: ctx.signal,
    },
  );
  // pgbench prints its summary on stdout and progress on stderr; search both.
  return `${stdout}\n${stderr}`;
}

/** Per-transaction log lines: `client_id transaction_no time_us script_no epoch epoch_us`. */
async function readLatencies(dir: string, filePrefix: string) {
  const histogram = latencyHistogram();
  for (const file of await fs.readdir(dir)) {
    if (!file.startsWith(filePrefix)) continue;
    for (const line of (await fs.readFile(path.join(dir, file), "utf8")).split("\n")) {
      const micros = Number(line.split(" ")[2]);
      if (Number.isFinite(micros) && micros > 0) histogram.recordValue(micros);
    }
  }
  return histogram;
}

function match(text: string, re: RegExp, what: string): number {
  const m = re.exec(text);
  const n = m ? Number(m[1]) : Number.NaN;
  if (!Number.isFinite(n)) throw new Error(`could not read '${what}' from pgbench output: ${text.trim().slice(-300)}`);
  return n;
}
