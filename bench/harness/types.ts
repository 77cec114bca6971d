// The contract between the harness and the scenarios in bench/scenarios/: what a scenario
// declares, what it gets to run with, and the rows it records.
import type { Histogram } from "hdr-histogram-js";
import type { MemoryTracker } from "./memory";

/** tiny: smoke test in CI (seconds); quick: a shared dev machine; full: the published figures. */
export type Size = "tiny" | "quick" | "full";

export type Requirement = "postgres" | "redis" | "web" | "worker";

export interface Scenario {
  /** The file name without `.ts` (the loader checks); what `--only` matches. */
  name: string;
  description: string;
  requires?: Requirement[];
  /** Scenarios that must run before this one when they are selected too (e.g. `memory` reports
   * the peaks of processes that `durable-transitions` and `start-latency` ran). */
  after?: string[];
  /** Checks run before anything is created or started (database, processes); a throw fails the
   * scenario with its message, e.g. "run npm run build first". */
  preflight?(repoRoot: string): void | Promise<void>;
  run(ctx: ScenarioContext): Promise<void>;
}

/** Pass/miss rule for one row. `ratio` reads "at least N× the baseline" for higher-is-better rows
 * (rates) and "at most N× the baseline" for lower-is-better rows (latencies, most values). */
export interface Target {
  ratio?: number;
  min?: number;
  max?: number;
}

export interface RowOptions {
  /** Name of an earlier row of this run (any scenario) to compare with, e.g. `pgbench.tps.c8`. */
  baseline?: string;
  target?: Target;
}

export interface LatencyOptions extends RowOptions {
  /** Percentile that `baseline`, `target.max` and `target.min` compare; p99 unless said. */
  compare?: Percentile;
  /** Mean to show when the tool reports its own (pgbench's "latency average"); else the histogram's. */
  mean?: number;
  /** Unit of the values recorded in a Histogram passed in; samples arrays are always ms. */
  histogramUnit?: "us" | "ms";
}

export interface ValueOptions extends RowOptions {
  /** Direction for `target.ratio` and the ratio column; memory and sizes are lower-is-better. */
  better?: "higher" | "lower";
}

export type Percentile = "p50" | "p95" | "p99";

/** Percentiles a tool reports itself when no raw samples are available (redis-benchmark, autocannon). */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  count: number;
}

export interface Recorder {
  /** A throughput, in events per second. */
  rate(name: string, perSecond: number, opts?: RowOptions): Row;
  /** A latency distribution in milliseconds: raw samples (ms), an hdr Histogram, or a tool's summary. */
  latency(name: string, source: number[] | Histogram | LatencySummary, opts?: LatencyOptions): Row;
  /** Any other figure (bytes, MB, count) with its unit. */
  value(name: string, value: number, unit: string, opts?: ValueOptions): Row;
}

/** Read access to every row recorded so far in this run, by name. */
export interface Baselines {
  get(name: string): Row | undefined;
  /** The row's headline number (rate, value, or the latency's compared percentile); throws if absent. */
  require(name: string): number;
}

export interface PostgresResource {
  /** Connection URL of the dedicated bench database. */
  url: string;
  database: string;
  host: string;
  port: number;
  user: string;
  password?: string;
}

export interface RedisResource {
  url: string;
  /** Every key a scenario writes must start with this; the harness deletes them all at the end. */
  prefix: string;
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
}

export interface ServiceResource {
  /** Base URL for the web process; undefined for the worker. */
  url?: string;
  pid: number;
}

export interface ScenarioContext {
  size: Size;
  /** True for quick and tiny: use the cheap settings. */
  quick: boolean;
  /** Choose a parameter by size, so each scenario states all three in one place. */
  pick<T>(bySize: Record<Size, T>): T;
  record: Recorder;
  baselines: Baselines;
  /** Present when required; reading one that was not required throws with a clear message. */
  postgres: PostgresResource;
  redis: RedisResource;
  web: ServiceResource;
  worker: ServiceResource;
  repoRoot: string;
  /** Peak memory of Baton's processes in this run: the harness watches the web and worker it
   * starts; a scenario that spawns its own processes watches them here too. */
  memory: MemoryTracker;
  /** Aborted on Ctrl-C: pass it to child processes and long loops. */
  signal: AbortSignal;
  /** Progress line on stderr (the table goes to stdout). */
  log(message: string): void;
}

export type RowKind = "rate" | "latency" | "value";

export interface Row {
  scenario: string;
  name: string;
  kind: RowKind;
  unit: string;
  /** rate: per second; latency: mean ms; value: the value. */
  value: number;
  p50?: number;
  p95?: number;
  p99?: number;
  count?: number;
  /** Compared percentile for latency rows. */
  compare?: Percentile;
  better: "higher" | "lower";
  baseline?: { name: string; value: number };
  /** this / baseline, of the headline numbers. */
  ratio?: number;
  target?: Target;
  /** Set when there is a target. */
  met?: boolean;
}

export interface ScenarioResult {
  name: string;
  description: string;
  status: "ok" | "failed" | "skipped";
  error?: string;
  durationMs: number;
}

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  postgres?: string;
  redis?: string;
  date: string;
  commit?: string;
}

export interface RunResults {
  size: Size;
  machine: MachineFacts;
  scenarios: ScenarioResult[];
  rows: Row[];
}
