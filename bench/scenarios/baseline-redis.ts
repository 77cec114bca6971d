// Redis alone, on this machine: the ceiling for anything Baton queues (BullMQ jobs are LPUSH-like
// list writes plus SET-like hash writes), as `redis.set` and `redis.lpush`.
import { runTool } from "../harness/exec";
import type { RedisResource, Scenario, ScenarioContext } from "../harness/types";

const scenario: Scenario = {
  name: "baseline-redis",
  description: "redis-benchmark SET and LPUSH operations per second (50 clients, no pipelining)",
  requires: ["redis"],
  async run(ctx) {
    const requests = ctx.pick({ tiny: 1000, quick: 20_000, full: 100_000 });
    const prefix = ctx.redis.prefix;
    // Custom commands instead of `-t set,lpush`: the built-in tests write `key:…` and `mylist`
    // outside any prefix, in a shared database. These are the same commands under our prefix.
    // -r spreads SETs over 100k keys as a real workload would.
    ctx.record.rate("redis.set", await opsPerSecond(ctx, requests, ["SET", `${prefix}key:__rand_int__`, "xxx"], ["-r", "100000"]));
    ctx.record.rate("redis.lpush", await opsPerSecond(ctx, requests, ["LPUSH", `${prefix}mylist`, "xxx"]));
  },
};

export default scenario;

async function opsPerSecond(ctx: ScenarioContext, requests: number, command: string[], options: string[] = []): Promise<number> {
  const r: RedisResource = ctx.redis;
  const auth = [...(r.username ? ["--user", r.username] : []), ...(r.password ? ["-a", r.password] : [])];
  const args = ["-h", r.host, "-p", String(r.port), ...auth, "--dbnum", String(r.db), "-n", String(requests), "-q", "--csv", ...options];
  const { stdout } = await runTool("redis-benchmark", [...args, ...command], {
    debianPackage: "redis-tools",
    signal: ctx.signal,
  });
  // --csv: a header line, then `"SET …","<rps>","<avg ms>",…`
  const line = stdout.split("\n").find((l) => l.startsWith(`"${command[0]} `));
  const rps = Number(line?.split(",")[1]?.replace(/"/g, ""));
  if (!Number.isFinite(rps) || rps <= 0) throw new Error(`could not read requests per second from redis-benchmark: ${stdout.trim()}`);
  return rps;
}
