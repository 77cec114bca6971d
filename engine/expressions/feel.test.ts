import { describe, expect, it } from "vitest";
import { checkFeelSyntax, evaluateCondition, evaluateFeel, feelToJson, isFeelExpression } from "./feel";

describe("evaluateFeel", () => {
  it.each([
    ["1 + 2", {}, 3],
    ["amount * 2", { amount: 21 }, 42],
    ['upper case(name) + "!"', { name: "ann" }, "ANN!"],
    ["order.lines[2].qty", { order: { lines: [{ qty: 1 }, { qty: 5 }] } }, 5],
    ["count(items[item > 1])", { items: [1, 2, 3] }, 2],
    ["if amount > 100 then \"big\" else \"small\"", { amount: 150 }, "big"],
    ["{total: a + b, ok: true}", { a: 1, b: 2 }, { total: 3, ok: true }],
    ["order total > 5", { "order total": 7 }, true],
    ["10 / 4", {}, 2.5],
  ])("%s", (expression, context, value) => {
    expect(evaluateFeel(expression, context)).toEqual({ ok: true, value, warnings: [] });
  });

  it("strips the Zeebe `=` marker, with or without leading spaces", () => {
    expect(evaluateFeel("=1 + 1", {})).toMatchObject({ ok: true, value: 2 });
    expect(evaluateFeel("  = x", { x: "a" })).toMatchObject({ ok: true, value: "a" });
  });

  it("turns unknown variables into null with a warning, not an error", () => {
    expect(evaluateFeel("missing", {})).toEqual({
      ok: true,
      value: null,
      warnings: ["Variable 'missing' not found"],
    });
    const path = evaluateFeel("a.b", { a: {} });
    expect(path).toMatchObject({ ok: true, value: null });
    expect(path.ok && path.warnings[0]).toMatch(/'b' not found/);
  });

  it("gives null for type mismatches and division by zero", () => {
    expect(evaluateFeel('1 = "1"', {})).toMatchObject({ ok: true, value: null });
    expect(evaluateFeel("1 / 0", {})).toMatchObject({ ok: true, value: null });
    expect(evaluateFeel('"a" + 1', {})).toMatchObject({ ok: true, value: null });
  });

  it("converts dates, times and durations to ISO strings", () => {
    const res = evaluateFeel(
      '{d: date("2024-02-29"), t: time("10:30:00"), dt: date and time("2024-01-01T09:00:00Z"), p: duration("P1DT2H"), ym: duration("P1Y2M")}',
      {},
    );
    expect(res).toEqual({
      ok: true,
      value: { d: "2024-02-29", t: "10:30:00", dt: "2024-01-01T09:00:00Z", p: "P1DT2H", ym: "P1Y2M" },
      warnings: [],
    });
    expect(JSON.parse(JSON.stringify(res))).toEqual(res);
  });

  it("accepts JS Dates in the context", () => {
    const res = evaluateFeel("x < date and time(\"2030-01-01T00:00:00Z\")", { x: new Date("2024-05-01T00:00:00Z") });
    expect(res).toMatchObject({ ok: true, value: true });
  });

  it("refuses results that are not JSON", () => {
    expect(evaluateFeel("function(x) x + 1", {})).toEqual({
      ok: false,
      error: 'FEEL expression "function(x) x + 1" evaluated to a function, which cannot be stored as a variable',
    });
  });

  it("reports syntax errors with the position in the original string", () => {
    const res = evaluateFeel("= amount >", {});
    expect(res).toEqual({
      ok: false,
      error: 'syntax error in FEEL expression "= amount >": expression is incomplete at position 10',
    });
  });

  it("reports an empty expression", () => {
    expect(evaluateFeel("=", {})).toEqual({ ok: false, error: 'FEEL expression "=" is empty' });
    expect(evaluateFeel("  ", {}).ok).toBe(false);
  });
});

describe("evaluateCondition", () => {
  it("returns true and false", () => {
    expect(evaluateCondition("= score > 5", { score: 7 })).toEqual({ ok: true, value: true, warnings: [] });
    expect(evaluateCondition("score > 5", { score: 3 })).toEqual({ ok: true, value: false, warnings: [] });
  });

  it("treats a non-boolean result as an error, like Zeebe", () => {
    expect(evaluateCondition("= 42", {})).toEqual({
      ok: false,
      error: 'condition "= 42" evaluated to 42, expected true/false',
    });
    expect(evaluateCondition('"yes"', {})).toMatchObject({ ok: false, error: expect.stringContaining('to "yes"') });
  });

  it("treats null as an error and explains where it came from", () => {
    expect(evaluateCondition("= x > 5", {})).toEqual({
      ok: false,
      error: "condition \"= x > 5\" evaluated to null, expected true/false (Variable 'x' not found)",
    });
  });

  it("passes syntax errors through", () => {
    const res = evaluateCondition("= score >", { score: 1 });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error).toMatch(/syntax error.*incomplete/);
  });
});

describe("checkFeelSyntax", () => {
  it.each(["= x > 5", "a and (b or c)", 'date("2024-01-01") < today()', "order total > 5", "{a: 1}.a", "for i in 1..3 return i"])(
    "accepts %s",
    (expression) => {
      expect(checkFeelSyntax(expression)).toEqual({ ok: true });
    },
  );

  it.each([
    ["1 +", 3, /incomplete/],
    ["=a >", 4, /incomplete/],
    ["= )", 2, /unexpected "\)"/],
    ["1 ) 2", 2, /unexpected "\)"/],
    ['"abc', 0, /unterminated string/],
    ["[1, 2", 5, /incomplete/],
    ["=", 1, /empty/],
  ])("rejects %s at %i", (expression, position, message) => {
    const res = checkFeelSyntax(expression);
    expect(res).toMatchObject({ ok: false, position });
    expect(!res.ok && res.error).toMatch(message);
  });
});

describe("isFeelExpression and feelToJson", () => {
  it("recognises the `=` marker", () => {
    expect(isFeelExpression("=x")).toBe(true);
    expect(isFeelExpression(" = x")).toBe(true);
    expect(isFeelExpression("demo")).toBe(false);
    expect(isFeelExpression("")).toBe(false);
  });

  it("maps non-finite numbers to null and keeps plain data", () => {
    expect(feelToJson(Number.NaN)).toBeNull();
    expect(feelToJson({ a: [1, "x", null, undefined] })).toEqual({ a: [1, "x", null, null] });
  });
});
