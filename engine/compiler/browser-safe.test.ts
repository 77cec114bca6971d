// The designer imports validateBpmn in the browser: nothing it reaches may import a Node module.
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const engineDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm;

function resolveLocal(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next spelling
    }
  }
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Bare (package) specifiers reachable from `entry` through relative imports, with who imports them. */
function packagesReachableFrom(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file) || file.endsWith(".json")) return;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith(".")) visit(resolveLocal(file, spec));
      else if (!packages.has(spec)) packages.set(spec, path.relative(engineDir, file));
    }
  };
  visit(entry);
  return packages;
}

describe("browser safety", () => {
  it("validateBpmn reaches no Node built-in module", () => {
    const packages = packagesReachableFrom(path.join(engineDir, "validate.ts"));
    const builtins = new Set(builtinModules);
    const offenders = [...packages].filter(([spec]) => spec.startsWith("node:") || builtins.has(spec.split("/")[0]));
    expect(offenders).toEqual([]);
    // the packages it does use, so a new one is a conscious decision
    expect([...packages.keys()].sort()).toEqual([
      "bpmn-moddle",
      "camunda-bpmn-moddle/resources/camunda.json",
      "cron-parser",
      "feelin",
      // feelin's own parser: the FEEL parse cache (engine/expressions/feel-parse-cache.ts) hooks it
      "lezer-feel",
      "zeebe-bpmn-moddle/resources/zeebe.json",
    ]);
  });
});
