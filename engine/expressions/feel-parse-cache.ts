// A cache of feelin parse trees, so evaluating the same FEEL expression again skips the lezer parse.
//
// Why this is not a plain `parse once, interpret many`: feelin 8 exports `parseExpression` /
// `parseUnaryTests` but no way to evaluate a tree — `evaluate` / `unaryTest` always call its private
// `Interpreter`, which does `parser.configure({ top, contextTracker, dialect }).parse(text)` on the
// `parser` that lezer-feel exports. That call is the one seam, so we wrap `configure` on that shared
// parser object (at run time — nothing in node_modules is changed): while `cachedEvaluate` runs,
// a one-shot slot tells the wrapper either to hand feelin the cached tree or to record the tree it
// parses. Outside our calls the wrapper is a pass-through. A self-check at load time turns the cache
// off (every call then goes straight to feelin) if the seam is not there, e.g. when feelin resolves
// a different copy of lezer-feel than we do.
//
// What the parse depends on (lezer-feel 3 `trackVariables`, read for this): names are resolved while
// parsing, against the *keys* of the context (`a-b` is one name only when a key `a-b` exists, else it
// is `a - b`), and a resolved name's value becomes the context for what follows (`order.unit-price`
// depends on the keys of `order`), so nested keys matter, not only top-level names. Values matter in
// one place only: `get value(m, k)` looks `k` up while parsing, and `k` may be a context string.
// Hence the key: kind + text + the key structure of the context (all levels; leaves just "a value"),
// plus the primitive values when the text contains `value`.
// Arrays are opaque in the structure (their keys are indices, and a FEEL name never starts with a
// digit, so nothing can be looked up in them while parsing — except by `get value`, where they are
// encoded in full). Re-check all this when upgrading feelin or lezer-feel; the randomised test in
// feel-parse-cache.test.ts compares the parse trees of contexts with equal keys.
// Contexts whose encoding would exceed MAX_SIGNATURE chars are not cached (they are evaluated exactly
// as before), which also bounds the work per call and copes with cycles.
import { evaluate, unaryTest, parseExpression, type EvaluationResult } from "feelin";
import { parser as feelParser } from "lezer-feel";

type Tree = ReturnType<typeof parseExpression>;
type Top = "Expression" | "UnaryTests";
type ParserConfig = Parameters<typeof feelParser.configure>[0];

/** Max. entries; the oldest entry is dropped first. */
export const MAX_ENTRIES = 5_000;
/** Max. total weight (key chars + 4 × expression chars ≈ bytes/2) of all entries. */
const MAX_WEIGHT = 8_000_000;
/** Contexts with a longer structural encoding are not cached. */
const MAX_SIGNATURE = 4_096;

type Entry = { tree: Tree; weight: number };
const cache = new Map<string, Entry>();
let totalWeight = 0;
let enabled = true;
const stats = { hits: 0, misses: 0, bypassed: 0 };

// ---------------------------------------------------------------------------------------------
// The seam: a one-shot slot read by a wrapper around lezer-feel's `parser.configure`.

type Pending = { top: Top; text: string; tree: Tree | null; captured: Tree | null; consumed: boolean };
type Hook = { pending: Pending | null };

// Shared through the parser object itself, so a second copy of this module (dev reloads, test
// isolation) reuses the one installed wrapper instead of stacking another.
const HOOK = Symbol.for("baton.feel-parse-cache.hook");
type HookedParser = typeof feelParser & { [HOOK]?: Hook };

function installHook(): Hook | null {
  const target = feelParser as HookedParser;
  const existing = target[HOOK];
  if (existing) return existing;
  if (Object.isFrozen(target) || typeof target.configure !== "function") return null;
  const hook: Hook = { pending: null };
  const original = target.configure;
  const wrapped = function (this: typeof feelParser, config: ParserConfig) {
    const p = hook.pending;
    // feelin passes `dialect: undefined`; anything else is not ours to answer
    if (p === null || config.top !== p.top || config.dialect !== undefined) return original.call(this, config);
    hook.pending = null; // one-shot: any nested or later parse takes the normal path
    p.consumed = true;
    if (p.tree !== null) {
      const tree = p.tree;
      // feelin only calls .parse(text) on the result; anything unexpected parses for real
      const hit = Object.create(this) as typeof feelParser;
      hit.parse = ((input: unknown, ...rest: unknown[]) =>
        input === p.text && rest.length === 0
          ? tree
          : (original.call(this, config).parse as (...a: unknown[]) => Tree)(input, ...rest)) as typeof feelParser.parse;
      return hit;
    }
    const real = original.call(this, config);
    const recording = Object.create(real) as typeof feelParser;
    recording.parse = ((input: unknown, ...rest: unknown[]) => {
      const tree = (real.parse as (...a: unknown[]) => Tree)(input, ...rest);
      if (input === p.text && rest.length === 0) p.captured = tree;
      return tree;
    }) as typeof feelParser.parse;
    return recording;
  };
  // non-enumerable, so LRParser#configure's Object.assign copy does not carry it into configured parsers
  Object.defineProperty(target, "configure", { value: wrapped, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(target, HOOK, { value: hook, enumerable: false });
  return hook;
}

function run(top: Top, text: string, context: Record<string, unknown>): EvaluationResult<unknown> {
  return top === "Expression" ? evaluate(text, context) : unaryTest(text, context);
}

/** Checks that feelin really parses through the wrapper: record a tree, then feed it back. */
function selfCheck(hook: Hook): boolean {
  try {
    const rec: Pending = { top: "Expression", text: "a-b", tree: null, captured: null, consumed: false };
    hook.pending = rec;
    const first = evaluate(rec.text, { "a-b": 5 }); // one name, `a-b`
    hook.pending = null;
    if (!rec.consumed || rec.captured === null || first.value !== 5) return false;
    const replay: Pending = { ...rec, tree: rec.captured, captured: null, consumed: false };
    hook.pending = replay;
    // parsed afresh this is `a - b` = 7; the replayed tree still asks for the variable `a-b`
    const second = evaluate(rec.text, { a: 9, b: 2 });
    hook.pending = null;
    return replay.consumed && replay.captured === null && second.value === null;
  } catch {
    return false;
  } finally {
    hook.pending = null;
  }
}

const hook = (() => {
  const h = installHook();
  return h !== null && selfCheck(h) ? h : null;
})();

// ---------------------------------------------------------------------------------------------
// The key.

class TooBig extends Error {}

/**
 * Appends an encoding of what of `value` can influence feelin's parse. Must be injective on that
 * (two contexts with the same encoding parse every text the same way); it may say more than needed.
 */
function encode(value: unknown, withValues: boolean, out: string[], budget: { left: number }): void {
  if (--budget.left < 0) throw new TooBig();
  if (value === null || typeof value !== "object") {
    if (!withValues) {
      out.push("_");
      return;
    }
    const s =
      typeof value === "string"
        ? JSON.stringify(value)
        : typeof value === "function"
          ? "F"
          : `${typeof value}:${JSON.stringify(String(value))}`;
    budget.left -= s.length;
    out.push(s);
    return;
  }
  if (value instanceof Date) {
    // feelin turns a Date into a FeelDateTime with enumerable keys `zone` and `iso`
    out.push(withValues ? `D${value.getTime()}` : "D");
    return;
  }
  const tag = Object.prototype.toString.call(value);
  if (tag.startsWith("[object Temporal.")) throw new TooBig(); // converted by feelin; not worth modelling
  if (Array.isArray(value) && !withValues) {
    out.push("A"); // index keys only: unreachable by name while parsing (see the header)
    return;
  }
  out.push(Array.isArray(value) ? "[" : "{");
  for (const key of Object.keys(value)) {
    const k = JSON.stringify(key);
    budget.left -= k.length;
    out.push(k, ":");
    encode((value as Record<string, unknown>)[key], withValues, out, budget);
    out.push(",");
  }
  out.push(Array.isArray(value) ? "]" : "}");
}

function keyOf(top: Top, text: string, context: Record<string, unknown>): string | null {
  const out: string[] = [top === "Expression" ? "E" : "U", String(text.length), ":", text, "|"];
  try {
    encode(context, text.includes("value"), out, { left: MAX_SIGNATURE });
  } catch (err) {
    if (err instanceof TooBig || err instanceof RangeError) return null;
    throw err;
  }
  return out.join("");
}

// ---------------------------------------------------------------------------------------------

function remember(key: string, text: string, tree: Tree): void {
  const weight = key.length + 4 * text.length;
  if (weight > MAX_WEIGHT / 100 || cache.has(key)) return;
  while (cache.size >= MAX_ENTRIES || (cache.size > 0 && totalWeight + weight > MAX_WEIGHT)) {
    const oldest = cache.keys().next().value as string;
    totalWeight -= cache.get(oldest)!.weight;
    cache.delete(oldest);
  }
  cache.set(key, { tree, weight });
  totalWeight += weight;
}

function cachedRun(top: Top, text: string, context: Record<string, unknown>): EvaluationResult<unknown> {
  const key = enabled && hook !== null ? keyOf(top, text, context) : null;
  if (key === null || hook === null) {
    stats.bypassed++;
    return run(top, text, context);
  }
  const entry = cache.get(key);
  const p: Pending = { top, text, tree: entry?.tree ?? null, captured: null, consumed: false };
  if (entry) stats.hits++;
  else stats.misses++;
  hook.pending = p;
  try {
    return run(top, text, context);
  } finally {
    hook.pending = null;
    // a tree is only kept once feelin has parsed it, i.e. even a syntax error (an error node that
    // the interpreter rejects with the same message on every run) is cached; a parse that throws
    // records nothing and is simply repeated next time
    if (!entry && p.captured !== null) remember(key, text, p.captured);
  }
}

/** feelin's `evaluate(text, context)`, with the parse cached. Same results, same exceptions. */
export function cachedEvaluate(text: string, context: Record<string, unknown>): EvaluationResult<unknown> {
  return cachedRun("Expression", text, context);
}

/** feelin's `unaryTest(text, context)`, with the parse cached. Same results, same exceptions. */
export function cachedUnaryTest(text: string, context: Record<string, unknown>): EvaluationResult<boolean | null> {
  return cachedRun("UnaryTests", text, context) as EvaluationResult<boolean | null>;
}

/** For tests: the cache key of a call, or null when such a call bypasses the cache. */
export function feelParseCacheKey(kind: "expression" | "unary", text: string, context: Record<string, unknown>): string | null {
  return keyOf(kind === "expression" ? "Expression" : "UnaryTests", text, context);
}

/** For tests and benchmarks: counters since the last reset, and whether the cache can work at all. */
export function feelParseCacheStats(): { hits: number; misses: number; bypassed: number; size: number; active: boolean } {
  return { ...stats, size: cache.size, active: enabled && hook !== null };
}

/** For tests and benchmarks: empties the cache and zeroes the counters. */
export function resetFeelParseCache(): void {
  cache.clear();
  totalWeight = 0;
  stats.hits = stats.misses = stats.bypassed = 0;
}

/** For tests and benchmarks: `false` sends every call straight to feelin (the old behaviour). */
export function setFeelParseCacheEnabled(on: boolean): void {
  enabled = on;
}
