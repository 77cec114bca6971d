// Peak memory of Baton's processes while scenarios run: the harness's web and worker, and the
// worker processes a scenario spawns itself. One tracker per run, so a later scenario (`memory`)
// reports what earlier ones made the processes use.
//
// A process's figure is its VmHWM (the kernel's peak resident set size) from /proc/<pid>/status,
// summed over the process and its live descendants (tsx's esbuild service, a server's forked
// child) at each sample; the peak is the largest such sum. For a single process that is exact;
// for a tree it is an upper bound (two children's peaks may not have coincided).
import fs from "node:fs";

export type ProcessRole = "web" | "worker";

export interface ProcessPeak {
  role: ProcessRole;
  /** What the process was: "worker 2 of 2, batch 64", "harness web". */
  label: string;
  /** The scenario that started it (a harness service may then serve later scenarios too). */
  scenario: string;
  pid: number;
  /** Largest summed VmHWM of the process tree seen, in KiB. */
  peakKb: number;
  samples: number;
}

export interface MemoryWatch {
  /** Takes a last sample (call it before stopping the process) and stops sampling. */
  stop(): void;
  readonly peak: ProcessPeak;
}

const SAMPLE_MS = 250;

export class MemoryTracker {
  private readonly peaks: ProcessPeak[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Samples `pid` (and its descendants) every 250 ms until stop() or the process is gone. */
  watch(role: ProcessRole, pid: number, scenario: string, label: string): MemoryWatch {
    if (!fs.existsSync("/proc/self/status")) throw new Error("memory sampling needs Linux /proc (VmHWM in /proc/<pid>/status)");
    const peak: ProcessPeak = { role, label, scenario, pid, peakKb: 0, samples: 0 };
    this.peaks.push(peak);
    const sample = () => {
      const kb = treeHighWaterKb(pid);
      if (kb === undefined) return false;
      peak.samples++;
      if (kb > peak.peakKb) peak.peakKb = kb;
      return true;
    };
    sample();
    const timer = setInterval(() => {
      if (!sample()) stop();
    }, SAMPLE_MS);
    timer.unref();
    this.timers.add(timer);
    const stop = () => {
      if (!this.timers.delete(timer)) return;
      clearInterval(timer);
      sample();
    };
    return { stop, peak };
  }

  /** Everything watched so far in this run (current values for processes still running). */
  observed(role?: ProcessRole): ProcessPeak[] {
    return this.peaks.filter((p) => (role === undefined || p.role === role) && p.samples > 0);
  }

  /** Takes a fresh sample of every process still watched (a running service's peak may have grown). */
  refresh(): void {
    for (const p of this.peaks) {
      const kb = treeHighWaterKb(p.pid);
      if (kb !== undefined && kb > p.peakKb) p.peakKb = kb;
    }
  }

  stopAll(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
  }
}

/** Sum of VmHWM over the process and its live descendants; undefined when the process is gone. */
export function treeHighWaterKb(pid: number): number | undefined {
  const root = statusKb(pid, "VmHWM");
  if (root === undefined) return undefined;
  let total = root;
  for (const child of descendants(pid)) total += statusKb(child, "VmHWM") ?? 0;
  return total;
}

function statusKb(pid: number, field: string): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    // A zombie has no memory lines: it is gone for our purposes.
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    for (const c of childrenOf(p)) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

export function childrenOf(pid: number): number[] {
  // /proc/<pid>/task/<tid>/children lists the children each thread forked (CONFIG_PROC_CHILDREN).
  try {
    const tasks = fs.readdirSync(`/proc/${pid}/task`);
    const kids: number[] = [];
    for (const tid of tasks) {
      const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      if (text) kids.push(...text.split(/\s+/).map(Number));
    }
    return kids;
  } catch {
    return [];
  }
}
