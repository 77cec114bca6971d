// The engine's modules import each other without cycles (value imports; `import type` is free):
// element behaviours depend on the token mover, never the other way round (see ElementHooks).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function modules(dir: string, out: string[] = []): string[] {
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) {
      if (f !== "__fixtures__") modules(p, out);
    } else if (p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".d.ts") && !p.endsWith(".bench.ts")) out.push(p);
  }
  return out;
}

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  if (fs.existsSync(`${base}.ts`)) return `${base}.ts`;
  if (fs.existsSync(path.join(base, "index.ts"))) return path.join(base, "index.ts");
  return null;
}

/** Strongly connected groups of more than one module (Tarjan). */
export function importCycles(root: string): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of modules(root)) {
    const src = fs.readFileSync(f, "utf8");
    const deps = [...src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gm)].map((m) => resolve(f, m[1]!)).filter((d): d is string => d !== null);
    graph.set(f, deps);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      on.delete(w);
      group.push(path.relative(root, w));
    } while (w !== v);
    if (group.length > 1) out.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe("engine imports", () => {
  it("have no cycles", () => {
    expect(importCycles(import.meta.dirname)).toEqual([]);
  });
});
