// The engine alone, in one process, no I/O: how fast Baton's step() runs a model compared with
// the `bpmn-engine` npm package running the same model. Durable figures (with Postgres) are other
// scenarios; this one isolates the interpreter. Target: at least 5× the peer.
import fs from "node:fs/promises";
import path from "node:path";
import type { Histogram } from "hdr-histogram-js";
import { batonRunner } from "../engines/baton-runner";
import { bpmnEngineRunner } from "../engines/bpmn-engine-runner";
import type { EngineRunner } from "../engines/types";
import { latencyHistogram, recordMs } from "../harness/histogram";
import type { Scenario, ScenarioContext } from "../harness/types";

const PROCESS_ID = "ten_step";
/** What both copies of the model compute (round 2 takes the auto branch with amount 50). */
const EXPECTED_TOTAL = 170;

interface Tally {
  runner: EngineRunner;
  instances: number;
  ms: number;
  histogram: Histogram;
}

const scenario: Scenario = {
  name: "engine-vs-bpmn-engine",
  description: "ten-step model (script tasks, XOR, parallel 3, one loop) run in process by bpmn-engine and by Baton",
  async run(ctx) {
    const models = path.join(ctx.repoRoot, "bench/models");
    const warmup = ctx.pick({ tiny: 5, quick: 30, full: 200 });
    // Alternating rounds: on a shared machine, load that comes and goes then hits both engines
    // alike instead of whichever happened to run during it.
    const rounds = ctx.pick({ tiny: 1, quick: 3, full: 5 });
    const perRound = {
      minInstances: Math.ceil(ctx.pick({ tiny: 20, quick: 200, full: 1000 }) / rounds),
      // A floor on duration too: the faster engine would otherwise finish in milliseconds.
      minMs: (ctx.pick({ tiny: 0, quick: 3, full: 10 }) * 1000) / rounds,
    };

    const peer = await bpmnEngineRunner(await fs.readFile(path.join(models, "ten-step.bpmn-engine.bpmn"), "utf8"));
    const transitions = await calibrate(peer);
    // Baton's failure is kept until the peer is measured, so its figures are recorded regardless.
    let baton: EngineRunner | undefined;
    let batonError: unknown;
    try {
      baton = await batonRunner(await fs.readFile(path.join(models, "ten-step.bpmn"), "utf8"), PROCESS_ID, ctx.repoRoot);
      const batonTransitions = await calibrate(baton);
      if (batonTransitions !== transitions) {
        throw new Error(
          `the engines did different work: Baton ${batonTransitions} transitions per instance, bpmn-engine ${transitions}; ` +
            "the two copies in bench/models must have the same structure",
        );
      }
    } catch (e) {
      baton = undefined;
      batonError = e;
    }
    ctx.log(`${transitions} transitions per instance (elements completed + flows taken)`);

    const tallies = [peer, baton].filter((r): r is EngineRunner => r !== undefined).map(newTally);
    // Warm-up lets the JIT settle, so neither engine is measured partly interpreted.
    for (const t of tallies) for (let i = 0; i < warmup; i++) await t.runner.run(false);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? tallies : [...tallies].reverse();
      for (const t of order) await measure(ctx, t, perRound);
    }

    const [peerTally, batonTally] = tallies;
    const peerRate = perSecond(peerTally!);
    ctx.record.rate("bpmn-engine.instances", peerRate);
    ctx.record.rate("bpmn-engine.transitions", peerRate * transitions);
    ctx.record.latency("bpmn-engine.instance", peerTally!.histogram);
    if (!batonTally) throw batonError;

    const batonRate = perSecond(batonTally);
    const vsPeer = { target: { ratio: 5 } };
    ctx.record.rate("baton.engine.instances", batonRate, { baseline: "bpmn-engine.instances", ...vsPeer });
    ctx.record.rate("baton.engine.transitions", batonRate * transitions, { baseline: "bpmn-engine.transitions", ...vsPeer });
    ctx.record.latency("baton.engine.instance", batonTally.histogram, { baseline: "bpmn-engine.instance" });
  },
};

export default scenario;

/** One counted run: checks the result, and returns the transitions per instance (fixed for this model). */
async function calibrate(runner: EngineRunner): Promise<number> {
  const run = await runner.run(true);
  if (run.variables.total !== EXPECTED_TOTAL) {
    throw new Error(`${runner.name} computed total=${JSON.stringify(run.variables.total)}, expected ${EXPECTED_TOTAL}`);
  }
  if (run.transitions <= 0) throw new Error(`${runner.name} reported no transitions`);
  return run.transitions;
}

function newTally(runner: EngineRunner): Tally {
  return { runner, instances: 0, ms: 0, histogram: latencyHistogram() };
}

function perSecond(t: Tally): number {
  return t.instances / (t.ms / 1000);
}

async function measure(ctx: ScenarioContext, t: Tally, slice: { minInstances: number; minMs: number }): Promise<void> {
  const started = performance.now();
  let now = started;
  let count = 0;
  while (count < slice.minInstances || now - started < slice.minMs) {
    if (ctx.signal.aborted) throw new Error("interrupted");
    const before = now;
    await t.runner.run(false);
    now = performance.now();
    recordMs(t.histogram, now - before);
    count++;
  }
  t.instances += count;
  t.ms += now - started;
  ctx.log(`${t.runner.name}: ${count} instances, ${(count / ((now - started) / 1000)).toFixed(0)}/s`);
}
