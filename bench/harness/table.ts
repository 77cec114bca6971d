// One table, two renderings (terminal and Markdown) from the same cells, so the printed figures
// and the published ones cannot drift apart.
import type { Row, RunResults, Target } from "./types";

export const COLUMNS = ["scenario", "metric", "value", "p50", "p95", "p99", "baseline", "ratio", "target", "result"] as const;
const RIGHT_ALIGNED = new Set(["value", "p50", "p95", "p99", "ratio"]);

export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString("en-US");
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}

function ms(n: number | undefined): string {
  return n === undefined ? "" : `${formatNumber(n)} ms`;
}

export function formatTarget(row: Pick<Row, "target" | "better" | "unit"> & Partial<Pick<Row, "kind" | "compare">>): string {
  const t: Target | undefined = row.target;
  if (!t) return "";
  const parts: string[] = [];
  // A latency target is on one percentile: say which.
  const on = row.kind === "latency" ? `${row.compare ?? "p99"} ` : "";
  if (t.ratio !== undefined) parts.push(`${row.better === "higher" ? "≥" : "≤"} ${t.ratio}×`);
  if (t.min !== undefined) parts.push(`${on}≥ ${formatNumber(t.min)} ${row.unit}`);
  if (t.max !== undefined) parts.push(`${on}≤ ${formatNumber(t.max)} ${row.unit}`);
  return parts.join(", ");
}

export function rowCells(row: Row): string[] {
  const value = row.kind === "latency" ? `${formatNumber(row.value)} ms avg` : `${formatNumber(row.value)} ${row.unit}`;
  const compared = row.kind === "latency" && row.baseline ? ` (${row.compare})` : "";
  return [
    row.scenario,
    row.name,
    value,
    ms(row.p50),
    ms(row.p95),
    ms(row.p99),
    row.baseline ? `${row.baseline.name}${compared}` : "",
    row.ratio === undefined ? "" : `${row.ratio.toFixed(2)}×`,
    formatTarget(row),
    row.met === undefined ? "" : row.met ? "met" : "MISS",
  ];
}

/** Data rows, then one line per scenario that failed or was skipped, saying why in the result column. */
export function tableCells(results: RunResults): string[][] {
  const cells = results.rows.map(rowCells);
  for (const s of results.scenarios) {
    const why = s.status === "failed" ? `FAILED: ${s.error ?? "unknown error"}` : s.status === "skipped" ? "SKIPPED (interrupted)" : "";
    if (why) cells.push([s.name, "", "", "", "", "", "", "", "", why]);
  }
  return cells;
}

export function renderText(results: RunResults): string {
  const cells = tableCells(results);
  const header = [...COLUMNS];
  // The failure message may be long; it is the last column, so it does not widen the others.
  const widths = header.map((h, i) =>
    i === header.length - 1 ? 0 : Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => (RIGHT_ALIGNED.has(header[i] ?? "") ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w, i) => "-".repeat(i === widths.length - 1 ? header[i]!.length : w)).join("  ");
  return [line(header), rule, ...cells.map(line)].join("\n");
}

export function renderMarkdown(results: RunResults): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const header = [...COLUMNS];
  const align = header.map((h) => (RIGHT_ALIGNED.has(h) ? "---:" : "---"));
  return [header, align, ...tableCells(results)].map((r) => `| ${r.map(esc).join(" | ")} |`).join("\n");
}
