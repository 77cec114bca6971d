// Runs the web server and the worker as child processes; stops both (and any services we
// started) on Ctrl-C, or when one of them dies.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { log } from "./services";

export const bin = (root: string, name: string) => path.join(root, "node_modules/.bin", name);

// Node flags for the worker process. A heap cap (--max-old-space-size=160) lowered peak RSS in a
// quick bench run; it is not set until it is measured at full size (bench/findings.md, "Memory").
export const WORKER_NODE_ARGS: string[] = [];

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
