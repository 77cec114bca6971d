// Every third-party BPMN file in the BPMN corpus compiles or yields precise diagnostics.
// An extra conformance run: the corpus (MIWG test suite and other tools' exports) is not part
// of the repository. BATON_BPMN_CORPUS names its folder (.ci/run sets ../shared/bpmn-corpus);
// when set, a missing or partial corpus fails the run. Unset, this file only records that the
// run was left out (scripts/test.ts prints one line saying so).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { compile, type CompileResult } from "./index";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const configured = process.env.BATON_BPMN_CORPUS?.trim() ?? "";
const corpusRoot = configured ? path.resolve(repoRoot, configured) : null;

function listModels(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listModels(full));
    else if (name.endsWith(".bpmn")) out.push(full);
    else if (name.endsWith(".xml") && readFileSync(full, "utf8").includes("http://www.omg.org/spec/BPMN/20100524/MODEL")) out.push(full);
  }
  return out;
}

const results = new Map<string, CompileResult>();

function result(relative: string): CompileResult {
  const r = results.get(relative);
  if (!r) throw new Error(`corpus file ${relative} was not compiled (missing from ${corpusRoot}?)`);
  return r;
}

// Unset: one visible marker instead of the run, so the report says what was left out.
it("BPMN corpus conformance run: " + (corpusRoot ? `from ${corpusRoot}` : "not part of this run (set BATON_BPMN_CORPUS)"), () => {
  if (configured) expect(corpusRoot).toBe(path.resolve(repoRoot, configured));
  else expect(corpusRoot).toBeNull();
});

describe.runIf(corpusRoot !== null)("BPMN corpus", () => {
  beforeAll(async () => {
    // Fail loudly rather than pass vacuously when the corpus is not where the repo expects it
    if (!corpusRoot || !existsSync(corpusRoot)) throw new Error(`BPMN corpus not found at ${corpusRoot} (BATON_BPMN_CORPUS=${configured})`);
    const files = listModels(corpusRoot);
    if (files.length < 100) throw new Error(`expected the full BPMN corpus at ${corpusRoot}, found ${files.length} files`);
    for (const file of files) {
      results.set(path.relative(corpusRoot, file), await compile(readFileSync(file, "utf8")));
    }
  }, 120_000);

  it("compiles every file to a verdict with precise diagnostics", () => {
    expect(results.size).toBeGreaterThanOrEqual(150);
    for (const [file, r] of results) {
      expect(r.ok, file).toBe(r.errors.length === 0 && r.unsupported.length === 0);
      if (r.ok) {
        expect(r.model, file).toBeDefined();
        expect(Object.keys(r.model?.processes ?? {}), file).toEqual(r.processes.map((p) => p.id));
      } else {
        expect(r.model, file).toBeUndefined();
      }
      expect(r.checksum, file).toMatch(/^[0-9a-f]{64}$/);
      for (const e of r.errors) {
        expect(e.type, file).not.toBe("");
        expect(e.type, file).not.toBe("internal"); // a crash caught by compile() would show up here
        expect(e.message.trim(), file).not.toBe("");
        // XML-level problems must point at a place in the file
        if (e.type === "xml") expect(e.line, `${file}: ${e.message}`).toBeGreaterThanOrEqual(1);
      }
      for (const u of r.unsupported) {
        expect(u.id, file).not.toBe("");
        expect(u.type, file).toMatch(/^bpmn:/);
        expect(u.reason.trim(), file).not.toBe("");
      }
    }
  });

  it("compiles known-good executable MIWG reference models", () => {
    expect(result("miwg-test-suite/Reference/C.9.1.bpmn")).toMatchObject({
      ok: true,
      processes: [{ id: "requestDocument_en", name: "Document Request" }],
      jobTypes: ["email"],
    });
    const manual = result("miwg-test-suite/Reference/C.9.2.bpmn");
    expect(manual.ok).toBe(true);
    expect(manual.processes.map((p) => p.id)).toEqual(["ManualCheck"]);
    // the same model exported by another tool compiles to the same processes
    expect(result("miwg-test-suite/Open-BPMN 1.2.8_2/C.9.2.bpmn").processes).toEqual(manual.processes);
  });

  it("refuses descriptive (non-executable) MIWG models with one clear error", () => {
    expect(result("miwg-test-suite/Reference/A.1.0.bpmn").errors).toEqual([
      { type: "bpmn:Definitions", message: 'no executable process: set isExecutable="true" on the process to run (found WFP-6-)' },
    ]);
  });

  it("lists what keeps executable MIWG models from running", () => {
    expect(result("miwg-test-suite/Reference/C.1.0.bpmn").unsupported).toEqual([
      {
        id: "archiveInvoice",
        name: "Archive\nInvoice",
        type: "bpmn:ServiceTask",
        reason: expect.stringMatching(/^camunda:delegateExpression="#\{archiveService\}" runs Java code inside the engine/),
      },
    ]);
    // C.1.1 binds the camunda prefix to the Activiti namespace, which Camunda 7 reads as its own
    const c11 = result("miwg-test-suite/Reference/C.1.1.bpmn");
    expect(c11.info).toContainEqual({ type: "xml", message: "the Activiti namespace (http://activiti.org/bpmn) is read as Camunda 7 (camunda:)" });
    expect(c11.unsupported.map((u) => u.id)).toEqual(["archiveInvoice"]);
    // its XPath conditions are not FEEL: each one is an error on its flow, with the line
    expect(c11.errors.map((e) => [e.id, e.line])).toEqual([
      ["invoiceApproved", 290],
      ["invoiceNotApproved", 300],
      ["reviewSuccessful", 310],
      ["reviewNotSuccessful", 320],
    ]);
    const c90 = result("miwg-test-suite/Reference/C.9.0.bpmn");
    expect(c90.errors).toEqual([]);
    expect(c90.unsupported.map((u) => u.id)).toEqual(["BusinessRuleTask_CheckApplicationAutomatically"]);
  });

  it("reports malformed and non-BPMN files with a line", () => {
    expect(result("bpmn-js/test/fixtures/bpmn/import/default-attrs.bpmn").errors[0]).toMatchObject({
      type: "xml",
      line: 1,
      message: expect.stringContaining("malformed XML declaration"),
    });
    expect(result("bpmn-js/test/fixtures/bpmn/multiple-nested-processes.bpmn").errors[0]).toMatchObject({
      type: "xml",
      line: 4,
      column: 5,
      message: expect.stringContaining('namespace prefix "bpmn" used in <bpmn:subProcess> is not declared'),
    });
    expect(result("bpmn-js/test/fixtures/bpmn/error/duplicate-ids.bpmn").errors[0]).toMatchObject({
      type: "xml",
      line: 9,
      message: expect.stringContaining("duplicate ID <test>"),
    });
    expect(result("bpmn-engine/test/resources/service-task-operation.bpmn").errors).toEqual([
      expect.objectContaining({ type: "xml", line: 1, message: expect.stringContaining('namespace "http://schema.omg.org/spec/BPMN/2.0"') }),
    ]);
    expect(result("bpmn-js/test/fixtures/bpmn/error/invalid-child.bpmn").errors[0]).toMatchObject({ line: 4, message: expect.stringContaining("<someElement>") });
  });

  it("reads the timers and camunda extensions of bpmn-engine models", () => {
    const timers = result("bpmn-engine/test/resources/timers.bpmn");
    expect(timers.ok).toBe(true);
    const elements = timers.model?.processes.Process_0cn5rdh.elements ?? {};
    expect(elements["start-cycle"].eventDefinition).toEqual({ kind: "timer", timer: { kind: "cycle", expression: "R3/PT10H", isExpression: false } });
    expect(elements["catch-date"].eventDefinition).toEqual({
      kind: "timer",
      timer: { kind: "date", expression: "environment.variables.catchDate", isExpression: true },
    });
    expect(result("bpmn-engine/test/resources/issue-4.bpmn").unsupported[0]).toMatchObject({ id: "sendEmail_1", reason: expect.stringContaining("camunda:connector") });
    expect(result("bpmn-engine/test/resources/loop.bpmn").unsupported.map((u) => u.id)).toEqual(["scriptTask2", "scriptTask1", "flow3"]);
  });
});
