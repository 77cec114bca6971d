import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { compile } from "./index";
const root = "/work/shared/bpmn-corpus";
const files: string[] = [];
const walk = (d: string) => { for (const f of readdirSync(d)) { const p = path.join(d, f); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith(".bpmn")) files.push(p); } };
walk(root);
const verbose = process.argv.includes("-v");
let ok = 0, err = 0, uns = 0;
const t0 = performance.now();
for (const f of files) {
  const r = await compile(readFileSync(f, "utf8"));
  if (r.ok) ok++; else if (r.errors.length) err++; else uns++;
  const rel = path.relative(root, f);
  console.log(`${r.ok ? "OK " : r.errors.length ? "ERR" : "UNS"} ${rel} procs=${r.processes.map(p=>p.id).join(",")} e=${r.errors.length} u=${r.unsupported.length} i=${r.info.length}`);
  if (verbose) { for (const e of r.errors.slice(0, 6)) console.log("   E", JSON.stringify(e)); for (const u of r.unsupported.slice(0, 6)) console.log("   U", JSON.stringify(u)); }
}
console.log({ ok, err, uns, total: files.length, ms: Math.round(performance.now() - t0) });
