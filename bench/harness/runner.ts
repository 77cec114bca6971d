// Runs the selected scenarios one after another (they share two cores, so never in parallel),
// isolates their failures, and writes the results.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { machineFacts } from "./machine";
import { MemoryTracker } from "./memory";
import { RunRecorder } from "./record";
import { writeDocs, writeResultsJson } from "./report";
import { BenchResources, connectionSettings } from "./resources";
import { BenchServices, preflightServices } from "./services";
import type { PostgresResource, RedisResource, RunResults, Scenario, ScenarioContext, ScenarioResult, ServiceResource, Size } from "./types";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCENARIO_DIR = path.join(REPO_ROOT, "bench/scenarios");

export interface RunOptions {
  size: Size;
  /** Scenario names to run; all when absent. */
  only?: string[];
  /** Results JSON path; null writes none. */
  out: string | null;
  /** docs/benchmarks.md path; null writes none. */
  docs: string | null;
  /** Scenarios to run instead of those in bench/scenarios (tests). */
  scenarios?: Scenario[];
  /** Distinguishes the database and Redis prefix of several runs in one process. */
  runId?: string;
  /** Aborts the run (the CLI wires Ctrl-C to it). */
  signal?: AbortSignal;
  log?: (message: string) => void;
}

export interface RunOutcome {
  results: RunResults;
  failed: boolean;
}

/** Baselines first, so that any later scenario can compare against them; then by name. */
export async function loadScenarios(dir = SCENARIO_DIR): Promise<Scenario[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: Scenario };
    const s = mod.default;
    if (!s || typeof s.run !== "function" || !s.name) throw new Error(`bench/scenarios/${file} must default-export a Scenario`);
    if (s.name !== file.replace(/\.ts$/, "")) throw new Error(`bench/scenarios/${file} exports scenario '${s.name}': name it after the file`);
    scenarios.push(s);
  }
  const rank = (s: Scenario) => (s.name.startsWith("baseline-") ? 0 : 1);
  return orderScenarios(scenarios.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)));
}

/** Keeps the given order, except that a scenario moves behind the ones its `after` names. */
export function orderScenarios(scenarios: Scenario[]): Scenario[] {
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const out: Scenario[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (s: Scenario) => {
    if (placed.has(s.name)) return;
    if (visiting.has(s.name)) throw new Error(`scenarios ${[...visiting].join(", ")} name each other in 'after'`);
    visiting.add(s.name);
    for (const dep of s.after ?? []) {
      const d = byName.get(dep);
      if (d) place(d);
    }
    visiting.delete(s.name);
    placed.add(s.name);
    out.push(s);
  };
  for (const s of scenarios) place(s);
  return out;
}

export function selectScenarios(all: Scenario[], only: string[] | undefined): Scenario[] {
  if (!only) return all;
  const names = new Set(all.map((s) => s.name));
  const unknown = only.filter((n) => !names.has(n));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(", ")}; there are: ${[...names].join(", ")}`);
  return all.filter((s) => only.includes(s.name));
}

export async function runBench(opts: RunOptions): Promise<RunOutcome> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const selected = orderScenarios(selectScenarios(opts.scenarios ?? (await loadScenarios()), opts.only));
  const settings = connectionSettings();
  const resources = new BenchResources(settings, opts.runId);
  const services = new BenchServices(REPO_ROOT);
  const recorder = new RunRecorder();
  const memory = new MemoryTracker();
  const signal = opts.signal ?? new AbortController().signal;
  const scenarioResults: ScenarioResult[] = [];
  const machine = await machineFacts(settings, REPO_ROOT);

  try {
    for (const scenario of selected) {
      if (signal.aborted) {
        scenarioResults.push({ name: scenario.name, description: scenario.description, status: "skipped", durationMs: 0 });
        continue;
      }
      log(`▶ ${scenario.name} (${opts.size})`);
      const started = performance.now();
      let result: ScenarioResult;
      try {
        // Before anything is created: a missing build or route fails fast, saying what to do.
        preflightServices((scenario.requires ?? []).filter((r): r is "web" | "worker" => r === "web" || r === "worker"), REPO_ROOT);
        await scenario.preflight?.(REPO_ROOT);
        const ctx = await contextFor(scenario, opts.size, recorder, resources, services, memory, signal, log);
        await scenario.run(ctx);
        result = { name: scenario.name, description: scenario.description, status: "ok", durationMs: 0 };
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        log(`✖ ${scenario.name}: ${error}`);
        result = { name: scenario.name, description: scenario.description, status: "failed", error, durationMs: 0 };
      }
      result.durationMs = Math.round(performance.now() - started);
      scenarioResults.push(result);
    }
  } finally {
    memory.stopAll();
    await services.stopAll();
    await resources.cleanup(log);
  }

  const results: RunResults = { size: opts.size, machine, scenarios: scenarioResults, rows: recorder.rows };
  if (opts.out) await writeResultsJson(opts.out, results);
  // An interrupted run must not replace the published summary with a partial one.
  if (opts.docs && !signal.aborted) await writeDocs(opts.docs, results, opts.only);
  const failed = scenarioResults.some((s) => s.status !== "ok");
  return { results, failed };
}

async function contextFor(
  scenario: Scenario,
  size: Size,
  recorder: RunRecorder,
  resources: BenchResources,
  services: BenchServices,
  memory: MemoryTracker,
  signal: AbortSignal,
  log: (m: string) => void,
): Promise<ScenarioContext> {
  const requires = new Set(scenario.requires ?? []);
  // Processes talk to both stores, so requiring one implies both.
  const needsStores = requires.has("web") || requires.has("worker");
  const postgres = requires.has("postgres") || needsStores ? await resources.postgres() : undefined;
  const redis = requires.has("redis") || needsStores ? await resources.redis() : undefined;
  const start = async (name: "web" | "worker"): Promise<ServiceResource | undefined> => {
    if (!requires.has(name)) return undefined;
    const { started, ...resource } = await services.start(name, postgres!, redis!, log);
    // Watched from start to the end of the run: `memory` reports the peak.
    if (started) memory.watch(name, resource.pid, scenario.name, `harness ${name}`);
    return resource;
  };
  const web = await start("web");
  const worker = await start("worker");

  const need = <T>(what: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`scenario '${scenario.name}' uses ${what} but does not list it in requires`);
    return value;
  };
  return {
    size,
    quick: size !== "full",
    pick: (bySize) => bySize[size],
    record: recorder.forScenario(scenario.name),
    baselines: recorder,
    get postgres(): PostgresResource {
      return need("postgres", postgres);
    },
    get redis(): RedisResource {
      return need("redis", redis);
    },
    get web(): ServiceResource {
      return need("web", web);
    },
    get worker(): ServiceResource {
      return need("worker", worker);
    },
    repoRoot: REPO_ROOT,
    memory,
    signal,
    log: (m) => log(`  ${scenario.name}: ${m}`),
  };
}
