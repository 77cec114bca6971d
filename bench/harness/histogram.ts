// hdr-histogram-js in one place: the harness records latencies in microseconds (integers keep
// sub-millisecond precision) and reports milliseconds.
import * as hdr from "hdr-histogram-js";
import type { Histogram } from "hdr-histogram-js";
import type { LatencySummary } from "./types";

/** A histogram for latencies in microseconds, 1 µs to 1 h at 3 significant digits. */
export function latencyHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

/** Records a duration given in milliseconds (e.g. from performance.now() differences). */
export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
}

export function histogramFromSamples(samplesMs: number[]): Histogram {
  const h = latencyHistogram();
  for (const ms of samplesMs) recordMs(h, ms);
  return h;
}

export function summarize(h: Histogram, unit: "us" | "ms"): LatencySummary {
  const toMs = unit === "us" ? 1 / 1000 : 1;
  return {
    p50: h.getValueAtPercentile(50) * toMs,
    p95: h.getValueAtPercentile(95) * toMs,
    p99: h.getValueAtPercentile(99) * toMs,
    mean: h.mean * toMs,
    count: h.totalCount,
  };
}
