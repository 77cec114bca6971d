// Smoke test for the bench: every scenario at tiny size against its own database and Redis
// prefix, plus the harness's bookkeeping. Checks that figures come out, not what they are.
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunRecorder } from "./harness/record";
import { nearestPgbench } from "./harness/pgbench";
import { loadScenarios, orderScenarios, REPO_ROOT, runBench } from "./harness/runner";
import { BUILD_MISSING, preflightServices } from "./harness/services";
import { renderText } from "./harness/table";
import type { Row, Scenario } from "./harness/types";

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "baton-bench-test-"));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const quiet = () => undefined;

function expectPositive(row: Row): void {
  for (const n of [row.value, row.p50, row.p95, row.p99]) {
    if (n === undefined) continue;
    expect(Number.isFinite(n), `${row.name}`).toBe(true);
    expect(n, `${row.name}`).toBeGreaterThan(0);
  }
}

/** Scenarios that compare with pgbench or report on other scenarios' processes: run together below. */
const TOGETHER = ["baseline-pgbench", "durable-transitions", "start-latency", "memory"];

describe("scenarios at tiny size", async () => {
  const scenarios = await loadScenarios();
  const alone = scenarios.filter((s) => s.name === "baseline-pgbench" || !TOGETHER.includes(s.name));

  it.each(alone.map((s) => [s.name, s] as const))("%s records finite positive rows", async (name, scenario) => {
    const { results } = await runBench({
      size: "tiny",
      scenarios: [scenario],
      out: null,
      docs: null,
      runId: `${process.pid}_${name.replace(/[^a-z0-9]/g, "")}`,
      log: quiet,
    });
    expect(results.scenarios[0]?.error).toBeUndefined();
    expect(results.rows.length).toBeGreaterThan(0);
    for (const row of results.rows) expectPositive(row);
  });

  // start-latency runs the production build (`next start` and worker/main.ts, the two processes
  // scripts/serve.ts runs); without a build it must refuse, saying what to do.
  const built = existsSync(path.join(REPO_ROOT, ".next/BUILD_ID"));

  it(
    `durable-transitions, start-latency (${built ? "built" : "no build: must refuse"}) and memory record finite positive rows`,
    async () => {
      const { results } = await runBench({
        size: "tiny",
        scenarios: scenarios.filter((s) => TOGETHER.includes(s.name)),
        out: null,
        docs: null,
        runId: `${process.pid}_together`,
        log: quiet,
      });
      const status = Object.fromEntries(results.scenarios.map((s) => [s.name, s]));
      const rowsOf = (name: string) => results.rows.filter((r) => r.scenario === name);
      for (const row of results.rows) expectPositive(row);

      expect(status["durable-transitions"]?.error).toBeUndefined();
      expect(rowsOf("durable-transitions").map((r) => r.name)).toEqual(
        expect.arrayContaining(["baton.durable.transitions.w1.b1", "baton.durable.transitions.w1.b64", "baton.durable.transitions.w2.b64", "baton.durable.instance.w2.b64"]),
      );
      expect(rowsOf("memory").map((r) => r.name)).toContain("baton.worker.rss.peak");
      if (built) {
        expect(status["start-latency"]?.error).toBeUndefined();
        expect(status["memory"]?.error).toBeUndefined();
        expect(rowsOf("start-latency").map((r) => r.name)).toEqual(
          expect.arrayContaining(["baton.start.rate.c1", "baton.start.rate.c16", "baton.start.rate.c64", "baton.start.latency.c16"]),
        );
        expect(rowsOf("memory").map((r) => r.name)).toContain("baton.web.rss.peak");
      } else {
        expect(status["start-latency"]?.status).toBe("failed");
        expect(status["start-latency"]?.error).toBe(BUILD_MISSING);
        expect(status["start-latency"]?.error).toMatch(/run npm run build first/);
        expect(rowsOf("start-latency")).toEqual([]);
        // The worker's peak is still reported; the web's cannot be, and memory says why.
        expect(status["memory"]?.error).toMatch(/npm run build/);
      }
    },
    240_000,
  );
});

describe("harness", () => {
  it("reports a throwing scenario as failed, keeps running, and writes results and docs", async () => {
    const failing: Scenario = {
      name: "fails",
      description: "throws",
      async run() {
        throw new Error("boom");
      },
    };
    const working: Scenario = {
      name: "works",
      description: "records one of each kind",
      requires: ["postgres", "redis"],
      async run(ctx) {
        expect(ctx.postgres.database).toMatch(/^baton_bench_/);
        expect(ctx.redis.prefix).toMatch(/^baton-bench-/);
        ctx.record.rate("test.base", 100);
        ctx.record.rate("test.fast", 600, { baseline: "test.base", target: { ratio: 5 } });
        ctx.record.latency("test.latency", [1, 2, 3, 4, 100], { target: { max: 50 } });
        ctx.record.value("test.memory", 12, "MB");
      },
    };
    const out = path.join(tmp, "results.json");
    const docs = path.join(tmp, "benchmarks.md");
    const { results, failed } = await runBench({
      size: "tiny",
      scenarios: [failing, working],
      out,
      docs,
      runId: `${process.pid}_harness`,
      log: quiet,
    });

    expect(failed).toBe(true);
    expect(results.scenarios.map((s) => [s.name, s.status, s.error])).toEqual([
      ["fails", "failed", "boom"],
      ["works", "ok", undefined],
    ]);
    const written = JSON.parse(await fs.readFile(out, "utf8")) as typeof results;
    expect(written.rows.map((r) => r.name)).toEqual(["test.base", "test.fast", "test.latency", "test.memory"]);
    expect(written.machine.cpus).toBeGreaterThan(0);
    const fast = written.rows[1]!;
    expect(fast.ratio).toBeCloseTo(6);
    expect(fast.met).toBe(true);
    expect(written.rows[2]!.met).toBe(false); // p99 of the samples is 100 ms

    const md = await fs.readFile(docs, "utf8");
    expect(md).toContain("| works | test.fast |");
    expect(md).toContain("FAILED: boom");
    expect(md).toContain("Met: `test.fast`");
    expect(md).toContain("**Missed**: `test.latency`");
    expect(renderText(results)).toMatch(/test\.fast\s.*6\.00×\s+≥ 5×\s+met/);
  });

  it("refuses a baseline that was not recorded, and a row name used twice", () => {
    const rec = new RunRecorder().forScenario("s");
    expect(() => rec.rate("a", 1, { baseline: "missing" })).toThrow(/has not been recorded/);
    rec.rate("b", 1);
    expect(() => rec.rate("b", 2)).toThrow(/recorded twice/);
    expect(() => rec.rate("c", Number.NaN)).toThrow(/not a finite number/);
  });

  it("runs a scenario after the ones it names in 'after', and compares with the nearest pgbench run", () => {
    const s = (name: string, after?: string[]): Scenario => ({ name, description: name, after, run: async () => undefined });
    const order = orderScenarios([s("baseline-pgbench"), s("a-report", ["m", "z"]), s("m"), s("z")]).map((x) => x.name);
    expect(order).toEqual(["baseline-pgbench", "m", "z", "a-report"]);

    const recorder = new RunRecorder();
    const rec = recorder.forScenario("baseline-pgbench");
    rec.rate("pgbench.tps.c1", 1000);
    expect(nearestPgbench(recorder, 20)).toBe("pgbench.tps.c1");
    rec.rate("pgbench.tps.c8", 3000);
    rec.rate("pgbench.tps.c32", 2500);
    expect(nearestPgbench(recorder, 10)).toBe("pgbench.tps.c8");
    expect(nearestPgbench(recorder, 64)).toBe("pgbench.tps.c32");
    // 20 sessions are as near to 8 as to 32 clients: the higher TPS, the stricter comparison.
    expect(nearestPgbench(recorder, 20)).toBe("pgbench.tps.c8");
    expect(() => nearestPgbench(new RunRecorder(), 8)).toThrow(/has not been recorded/);
  });

  it("refuses to start the web process without a production build", async () => {
    const empty = await fs.mkdtemp(path.join(tmp, "no-build-"));
    const saved = process.env.BENCH_WEB_COMMAND;
    delete process.env.BENCH_WEB_COMMAND;
    try {
      expect(() => preflightServices(["web"], empty)).toThrow(BUILD_MISSING);
      expect(() => preflightServices(["worker"], empty)).not.toThrow();
    } finally {
      if (saved !== undefined) process.env.BENCH_WEB_COMMAND = saved;
    }
  });

  it("reads latency ratios and targets as lower-is-better", () => {
    const recorder = new RunRecorder();
    const rec = recorder.forScenario("s");
    rec.latency("base", { p50: 1, p95: 2, p99: 4, mean: 1.5, count: 10 });
    const row = rec.latency("mine", { p50: 2, p95: 4, p99: 8, mean: 3, count: 10 }, { baseline: "base", target: { ratio: 1.5 } });
    expect(row.ratio).toBe(2);
    expect(row.met).toBe(false);
    expect(recorder.require("base")).toBe(4);
  });
});
