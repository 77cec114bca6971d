// Runs the web server and the worker as child processes; stops both (and any services we
// started) on Ctrl-C, or when one of them dies.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { log } from "./services";

export const bin = (root: string, name: string) => path.join(root, "node_modules/.bin", name);

// Heap settings for Baton's two processes (`npm start`, Playwright's server, the bench), measured
// in bench runs (bench/findings.md, "Memory" and "GC"):
// - an old-space cap: V8 grows the old generation lazily, so under load the worker's RSS climbed to
//   ~340 MB while its live set stayed under 80 MB; capped, it peaks ~220-250 MB at no CPU cost;
// - a 32 MB young generation semi-space (default 16): both processes allocate a lot of short-lived
//   objects per event (JSON of instance state, audit rows, SQL text); with more room they die young
//   instead of being promoted. Worker CPU per transition fell ~30 % (340 -> 240 µs), web CPU per
//   start ~25 %. 64 MB made the capped worker collect constantly (700 µs): do not raise it blindly.
export const WORKER_NODE_ARGS: string[] = ["--max-old-space-size=160", "--max-semi-space-size=32"];
export const WEB_NODE_OPTIONS = "--max-old-space-size=256 --max-semi-space-size=32";

// Stamps each request with its TCP peer address (scripts/peer-address.mjs; read by
// server/http/client-ip.ts for sign-in limits and audit IPs). A file URL: no spaces to quote.
export const PEER_ADDRESS_PRELOAD = `--import=${pathToFileURL(path.resolve(import.meta.dirname, "../peer-address.mjs")).href}`;

/** The web process's environment: NODE_OPTIONS carries its heap cap (`next start` is a script) and the peer-address preload. */
export function webEnv(env: NodeJS.ProcessEnv, nodeOptions = WEB_NODE_OPTIONS): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, nodeOptions, PEER_ADDRESS_PRELOAD].filter(Boolean).join(" ") };
}

export function runChildren(
  specs: Array<{ name: string; cmd: string; args: string[]; env: NodeJS.ProcessEnv; cwd: string }>,
  onExit: () => void = () => {},
): { children: ChildProcess[]; stop: (code?: number) => void } {
  let stopping = false;
  const children = specs.map((s) => {
    const child = spawn(s.cmd, s.args, { cwd: s.cwd, env: s.env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("exit", (code, signal) => {
      if (stopping) return;
      log(`${s.name} exited (${signal ?? `code ${code}`}); stopping the rest`);
      stop(code ?? 1);
    });
    return child;
  });
  function stop(code = 0) {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    const force = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")), 8000);
    Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", r))))).then(() => {
      clearTimeout(force);
      onExit();
      process.exit(code);
    });
  }
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  return { children, stop };
}
