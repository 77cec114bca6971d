// The typed variable index (VariableIndex): which rows a write must upsert or delete so the index
// matches the instance's root-scope variables. Only scalars are indexed — strings up to
// MAX_INDEXED_STRING characters, finite numbers, booleans — since filters compare scalars;
// anything else (objects, lists, long text, null) has no row, so a filter never matches it.
export const MAX_INDEXED_STRING = 256;

export interface IndexedValue {
  type: "string" | "number" | "boolean";
  s: string | null;
  n: number | null;
  b: boolean | null;
}

export function indexedValue(value: unknown): IndexedValue | null {
  if (typeof value === "string") return value.length <= MAX_INDEXED_STRING ? { type: "string", s: value, n: null, b: null } : null;
  if (typeof value === "number") return Number.isFinite(value) ? { type: "number", s: null, n: value, b: null } : null;
  if (typeof value === "boolean") return { type: "boolean", s: null, n: null, b: value };
  return null;
}

function same(a: IndexedValue | null, b: IndexedValue | null): boolean {
  return a === b || (a !== null && b !== null && a.type === b.type && a.s === b.s && a.n === b.n && a.b === b.b);
}

/** Upserts and deletes that take the index from `before` to `after` (only what changed). */
export function variableIndexChanges(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): { upserts: { name: string; v: IndexedValue }[]; deletes: string[] } {
  const upserts: { name: string; v: IndexedValue }[] = [];
  const deletes: string[] = [];
  const old = before ?? {};
  for (const name of Object.keys(after)) {
    const next = indexedValue(after[name]);
    const prev = Object.prototype.hasOwnProperty.call(old, name) ? indexedValue(old[name]) : null;
    if (same(prev, next)) continue;
    if (next) upserts.push({ name, v: next });
    else if (prev) deletes.push(name);
  }
  for (const name of Object.keys(old)) {
    if (!Object.prototype.hasOwnProperty.call(after, name) && indexedValue(old[name])) deletes.push(name);
  }
  return { upserts, deletes };
}
