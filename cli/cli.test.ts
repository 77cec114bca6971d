import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = path.join(repoRoot, "engine/compiler/__fixtures__");

function baton(...args: string[]) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, "bin/baton.mjs"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("baton validate", () => {
  it("warns on stderr about a loop without a wait state, and still exits 0 (it can deploy)", () => {
    const { code, stdout, stderr } = baton("validate", path.join(repoRoot, "engine/runtime/__fixtures__/loop-scripts.bpmn"));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).ok).toBe(true);
    expect(stderr).toMatch(/^warning: the loop "Script A" \(a\) → "Script B" \(b\) → back to a has no wait state .* \(a\)$/m);
  });

  it("prints the verdict as JSON and exits 0 for a deployable model", () => {
    const { code, stdout, stderr } = baton("validate", path.join(fixtures, "good.bpmn"));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      ok: true,
      processes: [{ id: "expense", name: "Expense approval" }],
      errors: [],
      unsupported: [],
    });
    expect(stdout).toContain('\n  "ok": true'); // pretty-printed
  });

  it("exits 1 with errors (line included) for malformed XML", () => {
    const { code, stdout } = baton("validate", path.join(fixtures, "malformed.bpmn"));
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(["ok", "processes", "errors", "unsupported"]);
    expect(report.errors).toEqual([
      { type: "xml", message: "malformed XML: closing tag mismatch near </bpmn:process> (line 7, column 3)", line: 7 },
    ]);
  });

  it("exits 1 and lists unsupported elements with exactly id, type, reason", () => {
    const { code, stdout } = baton("validate", path.join(fixtures, "unsupported.bpmn"));
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.unsupported.length).toBeGreaterThan(5);
    for (const u of report.unsupported) expect(Object.keys(u)).toEqual(["id", "type", "reason"]);
  });

  it("exits 2 with a clear message on usage errors", () => {
    const missing = baton("validate", path.join(fixtures, "does-not-exist.bpmn"));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/^baton validate: cannot read .*does-not-exist\.bpmn: no such file\n$/);

    const noFile = baton("validate");
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toBe("usage: baton validate FILE.bpmn\n");

    const unknown = baton("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('baton: unknown command "frobnicate"');
    expect(unknown.stderr).toContain("baton validate FILE.bpmn");
  });
});
