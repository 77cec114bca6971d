// Output of the remote commands: pretty JSON by default (scripts read it), or a compact
// table with --table (people read it).
import type { CliIo } from "../command";

export type Row = Record<string, unknown>;

function cell(v: unknown): string {
  if (v === null || v === undefined) return "-";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function table(rows: Row[], columns: string[]): string {
  if (rows.length === 0) return "(none)\n";
  const cells = rows.map((r) => columns.map((c) => cell(r[c]).replace(/\s+/g, " ")));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.length, ...cells.map((r) => r[i].length))));
  const line = (vals: string[]) => vals.map((v, i) => (v.length > widths[i] ? `${v.slice(0, widths[i] - 1)}…` : v.padEnd(widths[i]))).join("  ").trimEnd();
  return `${[line(columns), ...cells.map(line)].join("\n")}\n`;
}

export function print(io: CliIo, value: unknown, opts: { table: boolean; rows: (v: unknown) => Row[]; columns: string[] }): void {
  io.stdout(opts.table ? `${table(opts.rows(value), opts.columns).replace(/\n?$/, "\n")}` : `${JSON.stringify(value, null, 2)}\n`);
}
