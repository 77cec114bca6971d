// Runs the external tools the baselines use (pgbench, redis-benchmark) and turns their usual
// failures into messages that say what to do.
import { spawn } from "node:child_process";

export interface ToolOptions {
  /** Debian package that ships the binary, named in the error when it is missing. */
  debianPackage: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
  signal?: AbortSignal;
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
}

export function runTool(command: string, args: string[], opts: ToolOptions): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...opts.env },
      cwd: opts.cwd,
      signal: opts.signal,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") {
        reject(new Error(`${command} not found on PATH: install the Debian package ${opts.debianPackage}`));
      } else if (err.name === "AbortError") {
        reject(new Error(`${command} interrupted`));
      } else {
        reject(err);
      }
    });
    child.on("close", (code, signal) => {
      if (code === 0) return resolve({ stdout, stderr });
      const tail = (stderr.trim() || stdout.trim()).split("\n").slice(-5).join(" | ");
      reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}: ${tail}`));
    });
  });
}
