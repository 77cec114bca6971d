// Turns what a scenario measures into rows: percentiles, baseline ratios and target verdicts.
// One Recorder per run, so every scenario can compare against rows recorded before it.
import type { Histogram } from "hdr-histogram-js";
import { histogramFromSamples, summarize } from "./histogram";
import type {
  Baselines,
  LatencyOptions,
  LatencySummary,
  Percentile,
  Recorder,
  Row,
  RowOptions,
  Target,
  ValueOptions,
} from "./types";

/** The number a row is compared on: a latency's chosen percentile, otherwise its value. */
export function headline(row: Row): number {
  if (row.kind === "latency") return row[row.compare ?? "p99"] ?? Number.NaN;
  return row.value;
}

export class RunRecorder implements Baselines {
  readonly rows: Row[] = [];
  private readonly byName = new Map<string, Row>();

  get(name: string): Row | undefined {
    return this.byName.get(name);
  }

  require(name: string): number {
    const row = this.byName.get(name);
    if (!row) {
      throw new Error(
        `baseline '${name}' has not been recorded in this run: run its scenario first (order in bench/scenarios) or drop --only`,
      );
    }
    return headline(row);
  }

  /** The recorder a scenario sees: every row it adds is stamped with the scenario's name. */
  forScenario(scenario: string): Recorder {
    return {
      rate: (name, perSecond, opts) =>
        this.add({ scenario, name, kind: "rate", unit: "/s", value: perSecond, better: "higher" }, opts),
      latency: (name, source, opts) => this.add(latencyRow(scenario, name, source, opts), opts),
      value: (name, value, unit, opts?: ValueOptions) =>
        this.add({ scenario, name, kind: "value", unit, value, better: opts?.better ?? "lower" }, opts),
    };
  }

  private add(row: Row, opts: RowOptions | undefined): Row {
    if (this.byName.has(row.name)) throw new Error(`row '${row.name}' recorded twice: row names are global ids`);
    if (!Number.isFinite(headline(row))) throw new Error(`row '${row.name}' is not a finite number`);
    if (opts?.baseline) {
      const base = this.byName.get(opts.baseline);
      if (!base) {
        throw new Error(`row '${row.name}' compares with '${opts.baseline}', which has not been recorded in this run`);
      }
      if (base.kind !== row.kind) {
        throw new Error(`row '${row.name}' (${row.kind}) cannot compare with '${base.name}' (${base.kind})`);
      }
      const baseValue = headline(base);
      row.baseline = { name: base.name, value: baseValue };
      row.ratio = headline(row) / baseValue;
    }
    if (opts?.target) {
      row.target = opts.target;
      row.met = meets(row, opts.target);
    }
    this.rows.push(row);
    this.byName.set(row.name, row);
    return row;
  }
}

function latencyRow(
  scenario: string,
  name: string,
  source: number[] | Histogram | LatencySummary,
  opts: LatencyOptions | undefined,
): Row {
  const compare: Percentile = opts?.compare ?? "p99";
  const summary = isSummary(source)
    ? source
    : Array.isArray(source)
      ? summarize(histogramFromSamples(source), "us")
      : summarize(source, opts?.histogramUnit ?? "us");
  if (summary.count === 0) throw new Error(`latency row '${name}' has no samples`);
  return {
    scenario,
    name,
    kind: "latency",
    unit: "ms",
    value: opts?.mean ?? summary.mean,
    p50: summary.p50,
    p95: summary.p95,
    p99: summary.p99,
    count: summary.count,
    compare,
    better: "lower",
  };
}

function isSummary(source: unknown): source is LatencySummary {
  return typeof source === "object" && source !== null && !Array.isArray(source) && !("recordValue" in source);
}

function meets(row: Row, target: Target): boolean {
  const v = headline(row);
  if (target.min !== undefined && !(v >= target.min)) return false;
  if (target.max !== undefined && !(v <= target.max)) return false;
  if (target.ratio !== undefined) {
    // A ratio target without a baseline is a scenario bug, not a miss: say so loudly.
    if (row.ratio === undefined) throw new Error(`row '${row.name}' has a ratio target but no baseline`);
    return row.better === "higher" ? row.ratio >= target.ratio : row.ratio <= target.ratio;
  }
  return true;
}
