// Peak resident memory of Baton's processes under the load of the other scenarios: the worker
// processes durable-transitions runs (1 and 2 of them, batching off and on) and the worker and web
// process (`next start`) start-latency runs. Measured while they run (harness/memory.ts: VmHWM
// from /proc, summed over the process and its children such as tsx's esbuild service), reported here.
import type { ProcessPeak, ProcessRole } from "../harness/memory";
import type { Scenario } from "../harness/types";

const SOURCES = ["durable-transitions", "start-latency"];
const TARGET_MB: Record<ProcessRole, number> = { worker: 300, web: 400 };

const scenario: Scenario = {
  name: "memory",
  description:
    "peak RSS (VmHWM of the process and its children) of the worker processes during durable-transitions and start-latency, " +
    "and of the web process (next start) during start-latency; the largest single process of each kind" +
    (process.env.WEB_CONCURRENCY ? ` (WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY}: the web figure is the launcher and all its web processes together)` : ""),
  after: SOURCES,
  async run(ctx) {
    ctx.memory.refresh();
    const missing: string[] = [];
    for (const role of ["worker", "web"] as const) {
      const seen = ctx.memory.observed(role);
      if (!seen.length) {
        missing.push(role);
        continue;
      }
      const top = seen.reduce((a, b) => (b.peakKb > a.peakKb ? b : a));
      ctx.log(`${role}: ${seen.map(describe).join("; ")}`);
      ctx.record.value(`baton.${role}.rss.peak`, top.peakKb / 1024, "MB", { target: { max: TARGET_MB[role] } });
    }
    if (missing.length) {
      throw new Error(
        `no ${missing.join(" or ")} process was watched in this run: this scenario reports the peaks of the processes that ` +
          `${SOURCES.join(" and ")} run; run them together (--only ${[...SOURCES, "memory"].join(",")})` +
          (missing.includes("web") ? "; the web process needs start-latency, which needs a production build (npm run build)" : ""),
      );
    }
  },
};

export default scenario;

function describe(p: ProcessPeak): string {
  return `${p.label} (${p.scenario}, pid ${p.pid}) ${(p.peakKb / 1024).toFixed(0)} MB`;
}
