// Which pgbench row a Baton figure is compared with.
import type { Baselines } from "./types";

const CLIENTS = [1, 8, 32];

/**
 * The `pgbench.tps.cN` row recorded in this run whose client count N is nearest to `clients`; on a
 * tie, the one with the higher TPS (the stricter comparison). Throws like any missing baseline when
 * baseline-pgbench did not run.
 */
export function nearestPgbench(baselines: Baselines, clients: number): string {
  const candidates = CLIENTS.map((c) => ({ c, tps: baselines.get(`pgbench.tps.c${c}`)?.value })).filter(
    (x): x is { c: number; tps: number } => x.tps !== undefined,
  );
  if (!candidates.length) baselines.require(`pgbench.tps.c${CLIENTS.reduce((a, b) => (Math.abs(b - clients) < Math.abs(a - clients) ? b : a))}`);
  candidates.sort((a, b) => Math.abs(a.c - clients) - Math.abs(b.c - clients) || b.tps - a.tps);
  return `pgbench.tps.c${candidates[0]!.c}`;
}
