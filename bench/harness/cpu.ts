// CPU time of processes from /proc, to state what one operation costs each part of the system
// (web, worker, PostgreSQL). Unlike a rate, CPU per operation barely moves when other tenants load
// a shared machine, so it is the figure to compare across runs.
import fs from "node:fs";
import { childrenOf } from "./memory";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** user + system CPU of one process, in ms (0 when it is gone). */
export function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU of a process and its live descendants, in ms: the web launcher's `next start` processes
 * (WEB_CONCURRENCY), tsx's esbuild service. A descendant that exits between two readings takes
 * its CPU with it, so for a changing tree this is a lower bound.
 */
export function treeCpuMs(pid: number): number {
  let ms = processCpuMs(pid);
  for (const child of childrenOf(pid)) ms += treeCpuMs(child);
  return ms;
}

/** CPU of every PostgreSQL server process on this machine (all backends, WAL writer, …), by pid, in ms. */
export function postgresCpuByPid(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      if (comm === "postgres" || comm === "postmaster") out.set(Number(entry), processCpuMs(Number(entry)));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/**
 * Measures CPU spent by `pids` and by PostgreSQL between this call and the returned stop(). A
 * PostgreSQL process that started meanwhile counts in full; one that exited meanwhile is missing
 * (its last CPU cannot be read), so the PostgreSQL figure is a lower bound, never negative.
 */
export function cpuMeter(pids: Record<string, number>): () => Record<string, number> {
  const own = () => Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, treeCpuMs(pid)])) as Record<string, number>;
  const before = own();
  const pgBefore = postgresCpuByPid();
  return () => {
    const after = own();
    let postgres = 0;
    for (const [pid, ms] of postgresCpuByPid()) postgres += Math.max(0, ms - (pgBefore.get(pid) ?? 0));
    return { ...Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)])), postgres };
  };
}
