import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluate, parseExpression, unaryTest } from "feelin";
import { evaluateCondition, evaluateFeel } from "./feel";
import {
  MAX_ENTRIES,
  cachedEvaluate,
  cachedUnaryTest,
  feelParseCacheKey,
  feelParseCacheStats,
  resetFeelParseCache,
  setFeelParseCacheEnabled,
} from "./feel-parse-cache";

type Ctx = Record<string, unknown>;

/** Everything feelin gives back — value, warnings with positions, or the exception — as one string. */
function outcome(fn: () => unknown): string {
  try {
    return inspect({ ok: fn() }, { depth: Infinity, sorted: false, getters: false });
  } catch (err) {
    const e = err as Error & { position?: unknown; input?: unknown };
    return inspect({ threw: e.constructor.name, message: e.message, position: e.position, input: e.input }, { depth: Infinity });
  }
}

/** A parse tree with node names and positions, to compare trees exactly. */
function treeString(tree: ReturnType<typeof parseExpression>): string {
  const parts: string[] = [];
  const c = tree.cursor();
  do parts.push(`${c.name}@${c.from}-${c.to}`);
  while (c.next());
  return parts.join(" ");
}

/** Each case is evaluated with the cache off, then twice with it on (a miss, then a hit). */
const CASES: [string, Ctx][] = [
  // arithmetic, comparison, logic
  ["1 + 2 * 3 ** 2", {}],
  ["amount * 2 - discount / 4", { amount: 21, discount: 2 }],
  ["amount > 100 and not(vip)", { amount: 150, vip: false }],
  ["10 / 4", {}],
  ["1 / 0", {}],
  ["x > 5", {}],
  ['1 = "1"', {}],
  // strings
  ['upper case(name) + "!"', { name: "ann" }],
  ['substring(s, 2, 3) + string length(s)', { s: "hello" }],
  ['matches(code, "^[A-Z]{3}$")', { code: "ABC" }],
  // contexts and paths
  ["{total: a + b, ok: true, nested: {x: a}}", { a: 1, b: 2 }],
  ["order.lines[2].qty", { order: { lines: [{ qty: 1 }, { qty: 5 }] } }],
  ["order.customer.name", { order: { customer: { name: "Zed" } } }],
  ["get value({a: 1}, \"a\")", {}],
  ["get value(m, k)", { m: { "k 1": 5 }, k: "k 1" }],
  ["context put(ctx, \"b\", 2)", { ctx: { a: 1 } }],
  // lists, filters, loops, quantifiers
  ["count(items[item > 1])", { items: [1, 2, 3] }],
  ["items[price > 10].name", { items: [{ name: "a", price: 5 }, { name: "b", price: 20 }] }],
  ["for i in 1..3 return i * 2", {}],
  ["for x in xs return x.unit price", { xs: [{ "unit price": 1 }, { "unit price": 2 }] }],
  ["some x in xs satisfies x > 2", { xs: [1, 2, 3] }],
  ["every x in xs satisfies x > 0", { xs: [1, 2, 3] }],
  ["sum([1, 2, 3]) + max(xs)", { xs: [4, 9] }],
  ["list contains(tags, \"b\")", { tags: ["a", "b"] }],
  ["sort(xs, function(a, b) a > b)", { xs: [3, 1, 2] }],
  // conditionals and functions
  ['if amount > 100 then "big" else "small"', { amount: 150 }],
  ["(function(x) x + 1)(41)", {}],
  ["{f: function(n) n * n, r: f(7)}.r", {}],
  ["function(x) x + 1", {}],
  ["double(21)", { double: (n: number) => n * 2 }],
  ["bpmnError(\"E1\", \"boom\")", { bpmnError: (code: unknown, message: unknown) => ({ errorType: "bpmnError", code, message }) }],
  // names with spaces and operator characters — only names when they are in the context
  ["order total > 5", { "order total": 7 }],
  ["order total > 5", { order: 7, total: 1 }],
  ["a-b", { "a-b": 5 }],
  ["a-b", { a: 9, b: 2 }],
  ["a+b * 2", { "a+b": 10 }],
  ["a+b * 2", { a: 1, b: 2 }],
  ["customer.first-name", { customer: { "first-name": "Ann" } }],
  ["customer.first-name", { customer: { first: "Ann" }, name: 1 }],
  ["date of birth", { "date of birth": "1990-01-01" }],
  // temporal values, including JS Dates in the context
  ['date("2024-02-29") + duration("P1D")', {}],
  ['{d: date("2024-02-29"), t: time("10:30:00"), p: duration("P1Y2M")}', {}],
  ['x < date and time("2030-01-01T00:00:00Z")', { x: new Date("2024-05-01T00:00:00Z") }],
  ["x.year", { x: new Date("2024-05-01T00:00:00Z") }],
  // errors: syntax, non-JSON results, unknown functions
  ["amount >", { amount: 1 }],
  ["1 ) 2", {}],
  ['"abc', {}],
  ["[1, 2", {}],
  ["foo(1)", {}],
  ["1..3", {}],
];

describe("feel parse cache", () => {
  beforeEach(() => {
    resetFeelParseCache();
    setFeelParseCacheEnabled(true);
  });
  afterEach(() => setFeelParseCacheEnabled(true));

  it("is wired to feelin (the load-time self-check passed)", () => {
    expect(feelParseCacheStats().active).toBe(true);
  });

  it("parses once per expression and context shape, then hits", () => {
    expect(evaluateCondition("= amount > 100", { amount: 150 })).toMatchObject({ ok: true, value: true });
    expect(evaluateCondition("= amount > 100", { amount: 50 })).toMatchObject({ ok: true, value: false });
    expect(evaluateCondition("= amount > 100", { amount: 101 })).toMatchObject({ ok: true, value: true });
    // values inside lists do not matter for parsing either
    expect(evaluateFeel("count(xs)", { xs: [1] })).toMatchObject({ value: 1 });
    expect(evaluateFeel("count(xs)", { xs: [{ "a b": 1 }, 2, 3] })).toMatchObject({ value: 3 });
    expect(feelParseCacheStats()).toMatchObject({ hits: 3, misses: 2, bypassed: 0, size: 2 });

    // a different key set is a different entry
    evaluateFeel("= amount > 100", { amount: 1, other: 2 });
    expect(feelParseCacheStats()).toMatchObject({ hits: 3, misses: 3, size: 3 });
  });

  it.each(CASES.map((c, i) => [i, ...c] as const))("case %i: %s gives identical results with and without the cache", (_i, text, ctx) => {
    setFeelParseCacheEnabled(false);
    const before = JSON.stringify(evaluateFeel(text, ctx));
    const rawBefore = outcome(() => evaluate(text, ctx));
    expect(feelParseCacheStats()).toMatchObject({ hits: 0, misses: 0 });

    setFeelParseCacheEnabled(true);
    const miss = JSON.stringify(evaluateFeel(text, ctx));
    const hit = JSON.stringify(evaluateFeel(text, ctx));
    const rawHit = outcome(() => cachedEvaluate(text, ctx));
    expect(miss).toBe(before);
    expect(hit).toBe(before);
    expect(rawHit).toBe(rawBefore);
    expect(feelParseCacheStats().hits).toBeGreaterThanOrEqual(1);
  });

  it("re-raises syntax errors identically from a cached tree", () => {
    const first = evaluateFeel("= amount >", { amount: 1 });
    const second = evaluateFeel("= amount >", { amount: 2 });
    expect(second).toEqual(first);
    expect(first).toEqual({ ok: false, error: 'syntax error in FEEL expression "= amount >": expression is incomplete at position 10' });
    expect(feelParseCacheStats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it.each([
    ["> 5", { "?": 7 }],
    ["> 5", { "?": 3 }],
    ["[1..10], 20", { "?": 20 }],
    ['"a", "b"', { "?": "c" }],
    ["< limit value", { "?": 3, "limit value": 5 }],
    ["< limit-value", { "?": 3, "limit-value": 5 }],
    ["< limit-value", { "?": 3, limit: 9, value: 1 }],
    ["not(1, 2)", { "?": 3 }],
    ["-", { "?": 3 }],
    ["? > x", { "?": 3, x: 1 }],
    ["> ", { "?": 3 }],
  ] as [string, Ctx][])("unary test %s %j gives identical results with and without the cache", (text, ctx) => {
    const before = outcome(() => unaryTest(text, ctx));
    expect(outcome(() => cachedUnaryTest(text, ctx))).toBe(before);
    expect(outcome(() => cachedUnaryTest(text, ctx))).toBe(before);
    expect(feelParseCacheStats()).toMatchObject({ hits: 1, misses: 1 });
    // a unary test and an expression with the same text are different entries
    expect(feelParseCacheKey("unary", text, ctx)).not.toBe(feelParseCacheKey("expression", text, ctx));
  });

  describe("the same text with context names that change the parse", () => {
    // each pair: same text, different names; the results differ, and each matches uncached feelin
    // whichever of the two contexts the tree was cached from first
    const PAIRS: [string, Ctx, Ctx][] = [
      ["a b", { "a b": 5 }, { a: 9, b: 2 }],
      ["a-b", { "a-b": 5 }, { a: 9, b: 2 }],
      ["a+b * 2", { "a+b": 10 }, { a: 1, b: 2 }],
      ["order total-net > 5", { "order total-net": 7 }, { "order total": 7, net: 3 }],
      // only nested keys differ: top-level names alone would not be a sound key
      ["order.unit-price * 2", { order: { "unit-price": 3 } }, { order: { unit: 10 }, price: 3 }],
      ["{r: order.unit-price}.r", { order: { "unit-price": 3 } }, { order: { unit: 10, price: 1 }, price: 2 }],
      // only a string value differs: `get value` looks its key up while parsing
      ["get value(m, k).x-y", { m: { p: { "x-y": 1 }, q: { x: 7 } }, k: "p", y: 2 }, { m: { p: { "x-y": 1 }, q: { x: 7 } }, k: "q", y: 2 }],
      // ... and can look into lists, which are otherwise opaque to the key
      ['get value(xs, "0").a-b', { xs: [{ "a-b": 1 }], b: 2 }, { xs: [{ a: 5 }], b: 2 }],
    ];

    it.each(PAIRS)("%s", (text, c1, c2) => {
      const plain1 = outcome(() => evaluate(text, c1));
      const plain2 = outcome(() => evaluate(text, c2));
      expect(plain1).not.toBe(plain2);
      expect(feelParseCacheKey("expression", text, c1)).not.toBe(feelParseCacheKey("expression", text, c2));
      for (const order of [
        [c1, c2, c1, c2],
        [c2, c1, c2, c1],
      ]) {
        resetFeelParseCache();
        for (const c of order) expect(outcome(() => cachedEvaluate(text, c))).toBe(c === c1 ? plain1 : plain2);
        expect(feelParseCacheStats()).toMatchObject({ misses: 2, hits: 2 });
      }
    });
  });

  it("keys only what the parse reads: equal keys always mean equal parse trees (randomised)", () => {
    // Names that parse differently with and without a context key, values that are names, and
    // lists of objects with such keys (which the parser cannot look into).
    const NAMES = ["a", "b", "a b", "a-b", "a+b", "x", "y", "x y", "x-y", "x/y", "k", "item", "unit", "price", "unit-price", "date of birth", "0", "p q"];
    const TEXTS = [
      "a b", "a-b", "a+b", "a - b", "x-y", "x/y", "x y + 1", "a.x-y", "a.b.x-y", "k.unit-price", "item.unit-price",
      "xs[item.unit-price > 1]", "xs[unit-price > 1]", "for i in xs return i.x-y", "some i in xs satisfies i.a-b > 0",
      "get value(a, k).x-y", "get value(a, \"x-y\")", "get value(xs, \"0\").a-b", "{x-y: 1, r: x-y}.r", "if a then b.x-y else a-b",
      "date of birth", "[a, b][1].x-y", "p q-a", "(a).x-y", "a.0", "unit-price(1)",
    ];
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T,>(xs: T[]) => xs[rnd(xs.length)]!;
    const shape = (depth: number): Ctx => {
      const o: Ctx = {};
      const n = 1 + rnd(4);
      for (let i = 0; i < n; i++) {
        const r = rnd(6);
        o[pick(NAMES)] = depth > 0 && r === 0 ? shape(depth - 1) : r === 1 ? [] : 0;
      }
      return o;
    };
    // fills a shape with random primitives, and lists with random elements (objects with operator keys)
    const fill = (s: unknown): unknown => {
      if (Array.isArray(s)) return Array.from({ length: rnd(3) }, () => (rnd(2) ? shape(1) : pick(NAMES)));
      if (s !== null && typeof s === "object") return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, fill(v)]));
      return pick<unknown>([1, 5, "x-y", "p", "a", true, null]);
    };
    const contexts: Ctx[] = [];
    for (let i = 0; i < 40; i++) {
      const s = shape(2);
      for (let j = 0; j < 4; j++) contexts.push(fill(s) as Ctx);
    }

    let groupsWithSeveral = 0;
    for (const text of TEXTS) {
      const byKey = new Map<string, string>();
      const seen = new Map<string, number>();
      for (const ctx of contexts) {
        const key = feelParseCacheKey("expression", text, ctx)!;
        expect(key).not.toBeNull();
        let tree: string;
        try {
          tree = treeString(parseExpression(text, ctx, undefined));
        } catch (err) {
          tree = `threw ${(err as Error).message}`;
        }
        const prev = byKey.get(key);
        if (prev === undefined) byKey.set(key, tree);
        else expect(tree, `${text} with ${JSON.stringify(ctx)}`).toBe(prev);
        seen.set(key, (seen.get(key) ?? 0) + 1);
        // and the cached evaluation (a hit whenever an earlier context had the same key) is exact
        expect(outcome(() => cachedEvaluate(text, ctx)), `${text} with ${JSON.stringify(ctx)}`).toBe(
          outcome(() => evaluate(text, ctx)),
        );
      }
      groupsWithSeveral += [...seen.values()].filter((n) => n > 1).length;
      for (const ctx of contexts.slice(0, 8)) {
        const withInput = { ...ctx, "?": 1 };
        expect(outcome(() => cachedUnaryTest(text, withInput))).toBe(outcome(() => unaryTest(text, withInput)));
      }
    }
    expect(groupsWithSeveral).toBeGreaterThan(50); // the check above was exercised, not vacuous
    expect(feelParseCacheStats().hits).toBeGreaterThan(100);
  });

  it("stays bounded", () => {
    for (let i = 0; i < MAX_ENTRIES + 50; i++) evaluateFeel(`${i} + x`, { x: 1 });
    expect(feelParseCacheStats().size).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(evaluateFeel(`${MAX_ENTRIES + 49} + x`, { x: 1 })).toMatchObject({ value: MAX_ENTRIES + 50 });
    expect(evaluateFeel("0 + x", { x: 1 })).toMatchObject({ value: 1 }); // evicted: parsed again
  });

  it("does not cache calls whose context is too big to key cheaply, and evaluates them as before", () => {
    const big: Ctx = {};
    for (let i = 0; i < 3000; i++) big[`v${i}`] = { a: i };
    const res = evaluateFeel("v2999.a + 1", big);
    expect(res).toEqual({ ok: true, value: 3000, warnings: [] });
    expect(feelParseCacheStats()).toMatchObject({ bypassed: 1, size: 0 });
    // a big list is fine: lists are opaque to the key
    const list = Array.from({ length: 100_000 }, (_, i) => ({ n: i }));
    expect(evaluateFeel("count(xs)", { xs: list })).toMatchObject({ value: 100_000 });
    expect(feelParseCacheStats()).toMatchObject({ bypassed: 1, misses: 1 });
  });

  it("copes with cyclic contexts like feelin does", () => {
    const cyclic: Ctx = { a: 1 };
    cyclic.self = cyclic;
    setFeelParseCacheEnabled(false);
    const before = evaluateFeel("a + 1", cyclic);
    setFeelParseCacheEnabled(true);
    expect(evaluateFeel("a + 1", cyclic)).toEqual(before);
  });
});
