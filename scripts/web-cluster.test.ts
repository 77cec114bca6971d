// The web launcher (scripts/web-cluster.mjs) with a small server in place of Next.js: N processes
// on one port, a crashed one replaced, a failure to start stopping everything, SIGTERM stopping all.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../server/testing/free-port";

const launcher = path.join(import.meta.dirname, "web-cluster.mjs");
const entry = path.join(import.meta.dirname, "__fixtures__/web-entry.mjs");

const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null) p.kill("SIGKILL");
});

function launch(port: number, env: Record<string, string>) {
  const proc = spawn(process.execPath, [launcher, "start", "-p", String(port)], {
    env: { ...process.env, BATON_WEB_ENTRY: entry, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(proc);
  let output = "";
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  return { proc, exited, output: () => output };
}

async function get(port: number, urlPath = "/"): Promise<string | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, { signal: AbortSignal.timeout(2000) });
    return await res.text();
  } catch {
    return null;
  }
}

/** Pids answering on the port over `tries` fresh connections. */
async function pidsServing(port: number, tries = 40): Promise<Set<string>> {
  const pids = new Set<string>();
  for (let i = 0; i < tries; i++) {
    const pid = await get(port);
    if (pid) pids.add(pid);
  }
  return pids;
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("web launcher (WEB_CONCURRENCY)", () => {
  it("serves one port from N processes, replaces one that crashes, and stops them all on SIGTERM", async () => {
    const port = await freePort();
    const web = launch(port, { WEB_CONCURRENCY: "2", BATON_WEB_STABLE_MS: "300" });
    const first = await until(() => pidsServing(port), (s) => s.size === 2);
    expect(first.size).toBe(2);
    expect(web.output()).toContain("2 web processes");

    await new Promise((r) => setTimeout(r, 400)); // up longer than the "failed to start" window
    expect(await get(port, "/crash")).toBe("bye");
    const after = await until(() => pidsServing(port), (s) => s.size === 2 && [...s].some((p) => !first.has(p)));
    expect(after.size).toBe(2);
    expect([...after].filter((p) => !first.has(p))).toHaveLength(1);
    expect(web.output()).toContain("starting another");

    web.proc.kill("SIGTERM");
    expect(await web.exited).toBe(0);
    for (const pid of after) expect(() => process.kill(Number(pid), 0)).toThrow();
    expect(await get(port)).toBeNull();
  });

  it("stops with the process's exit code when one dies right after starting (no crash loop)", async () => {
    const port = await freePort();
    const web = launch(port, { WEB_CONCURRENCY: "2" });
    await until(() => pidsServing(port, 4), (s) => s.size >= 1);
    expect(await get(port, "/crash")).toBe("bye");
    expect(await web.exited).toBe(3);
    expect(web.output()).toMatch(/exited \(code 3\) \d+ ms after it started; stopping/);
    expect(await get(port)).toBeNull();
  });

  it("refuses a bad WEB_CONCURRENCY with a message naming it", async () => {
    for (const bad of ["0", "two", "65", "1.5"]) {
      const web = launch(await freePort(), { WEB_CONCURRENCY: bad });
      expect(await web.exited).toBe(2);
      expect(web.output()).toContain(`WEB_CONCURRENCY must be a whole number from 1 to 64, or "auto"`);
      expect(web.output()).toContain(`"${bad}"`);
    }
  });

  it("runs one process when WEB_CONCURRENCY is 1 or unset", async () => {
    for (const env of [{ WEB_CONCURRENCY: "1" }, {}]) {
      const port = await freePort();
      const web = launch(port, env as Record<string, string>);
      const pids = await until(() => pidsServing(port, 10), (s) => s.size >= 1);
      expect(pids.size).toBe(1);
      web.proc.kill("SIGTERM");
      expect(await web.exited).toBe(0);
    }
  });
});
