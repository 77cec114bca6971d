// Client-side cost of executeHttpCall: the node:http transport against the fetch (undici) one.
// Not a test. Run:
//   node --import tsx server/connectors/http-connector.bench.ts [calls=5000] [concurrency=32] [rounds=3]
//
// The no-op server runs in a child process, so process.cpuUsage() counts only this process: the
// connector, the transport and their garbage collection. Each call is a small JSON POST with bearer
// auth (a typical service task). Rounds alternate between the transports after a warm-up, and the
// median round is reported.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { executeHttpCall, type HttpCallInput, type HttpOptions } from "./http-connector";

const calls = Number(process.argv[2] ?? 5000);
const concurrency = Number(process.argv[3] ?? 32);
const rounds = Number(process.argv[4] ?? 3);

const SERVER = `
const http = require("node:http");
const body = JSON.stringify({ ok: true, id: "order-1" });
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"));
`;

interface Result {
  callsPerSec: number;
  cpuMsPerCall: number;
  failures: number;
}

async function round(call: HttpCallInput, opts: HttpOptions, n: number): Promise<Result> {
  let started = 0;
  let failures = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < n) {
        started += 1;
        const out = await executeHttpCall(call, opts);
        if (!out.ok) failures += 1;
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { callsPerSec: n / (wallMs / 1000), cpuMsPerCall: (cpu.user + cpu.system) / 1000 / n, failures };
}

function median(rs: Result[], key: "callsPerSec" | "cpuMsPerCall"): number {
  const v = rs.map((r) => r[key]).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const [chunk] = (await once(child.stdout, "data")) as [Buffer];
    const port = Number(chunk.toString().trim());
    const call: HttpCallInput = {
      kind: "http",
      method: "POST",
      url: `http://127.0.0.1:${port}/orders`,
      headers: { "X-Tenant": "acme" },
      body: { orderId: 42, items: [{ sku: "a", qty: 1 }] },
      auth: { type: "bearer", token: "tok-0123456789" },
    };
    const transports: [string, HttpOptions][] = [
      ["fetch (undici)", { fetchImpl: fetch }],
      ["node:http keep-alive", {}],
    ];
    for (const [, opts] of transports) await round(call, opts, Math.min(1000, calls)); // warm-up: JIT, connections
    const results = new Map<string, Result[]>(transports.map(([name]) => [name, []]));
    for (let r = 0; r < rounds; r++) {
      for (const [name, opts] of transports) results.get(name)?.push(await round(call, opts, calls));
    }
    console.log(`node ${process.version}, ${calls} calls per round, concurrency ${concurrency}, ${rounds} rounds (median)`);
    for (const [name, rs] of results) {
      const each = rs.map((x) => `${Math.round(x.callsPerSec)}/s ${(x.cpuMsPerCall * 1000).toFixed(0)}µs`).join(", ");
      const failures = rs.reduce((a, x) => a + x.failures, 0);
      console.log(
        `${name.padEnd(22)} ${Math.round(median(rs, "callsPerSec")).toString().padStart(6)} calls/s   ${median(rs, "cpuMsPerCall").toFixed(3)} CPU ms/call   failures ${failures}   [${each}]`,
      );
    }
  } finally {
    child.kill();
  }
}

void main();
