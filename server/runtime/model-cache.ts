// Deployed definitions never change, so their compiled models are cached per process.
import type { CompiledModel } from "../../engine";
import type { SqlTx } from "../db/sql";

const MAX = 500;
const cache = new Map<string, CompiledModel>();

export async function loadModels(tx: SqlTx, definitionIds: string[]): Promise<Map<string, CompiledModel>> {
  const out = new Map<string, CompiledModel>();
  const missing: string[] = [];
  for (const id of definitionIds) {
    const m = cache.get(id);
    if (m) out.set(id, m);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = await tx.query<{ id: string; model: CompiledModel }>(`SELECT id, model FROM "ProcessDefinition" WHERE id = ANY($1::text[])`, missing);
    for (const r of rows) {
      if (cache.size >= MAX) cache.delete(cache.keys().next().value as string);
      cache.set(r.id, r.model);
      out.set(r.id, r.model);
    }
  }
  return out;
}
