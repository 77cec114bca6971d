// FEEL evaluation for the engine: one place that wraps `feelin`, never throws, and hands back plain JSON.
//
// feelin behaviour callers must know (feelin 8):
// - An unknown variable or missing property is NOT an error: it evaluates to `null` and feelin records a
//   warning ("Variable 'x' not found"). Comparisons with null or between different types (`x > 5` with x
//   unknown, `1 = "1"`) also yield `null`, and `null and true`, `not(null)` stay `null`. We pass the
//   warnings on in `warnings` so an incident can say *why* a value was null.
// - Syntax errors throw a feelin `SyntaxError` with a `position`; we turn them into `{ ok: false }`.
// - feelin parses names against the context (a variable called `a-b` or `order total` is recognised only
//   when it is in the context), so always evaluate with the real variables, never a stripped copy.
// - Parse trees are cached per (text, context shape) in feel-parse-cache.ts; results are unchanged.
// - Context values that are JS functions would be callable from FEEL; process variables are JSON, so
//   callers must only pass JSON data (plus `Date`s, which feelin turns into date-times).
import {
  parseExpression,
  SyntaxError as FeelSyntaxError,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelTime,
  FeelFunction,
  FeelRange,
} from "feelin";
import { cachedEvaluate, cachedUnaryTest } from "./feel-parse-cache";

export type FeelResult = { ok: true; value: unknown; warnings: string[] } | { ok: false; error: string };
export type ConditionResult = { ok: true; value: boolean; warnings: string[] } | { ok: false; error: string };
export type FeelSyntaxResult = { ok: true } | { ok: false; error: string; position?: number };

/** Zeebe marks an expression with a leading `=`; anything else in a model is a static value. */
export function isFeelExpression(s: string): boolean {
  return s.trimStart().startsWith("=");
}

/** Drops the Zeebe `=` marker; `offset` maps positions in the body back to the original string. */
function stripMarker(expression: string): { body: string; offset: number } {
  const lead = expression.length - expression.trimStart().length;
  if (expression[lead] === "=") return { body: expression.slice(lead + 1), offset: lead + 1 };
  return { body: expression, offset: 0 };
}

class NotJsonError extends Error {}

/** Converts FEEL values to JSON-safe data so results can be stored as process variables. */
export function feelToJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  // feelin yields null for 1/0; guard anyway because NaN/Infinity do not survive JSON.stringify
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  if (value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDateTime) return value.iso;
  if (value instanceof FeelDuration) return value.iso;
  if (value instanceof FeelFunction || typeof value === "function") {
    throw new NotJsonError("a function, which cannot be stored as a variable");
  }
  if (value instanceof FeelRange) throw new NotJsonError("a range, which cannot be stored as a variable");
  if (Array.isArray(value)) return value.map(feelToJson);
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new NotJsonError(`a ${proto?.constructor?.name ?? "non-JSON"} value, which cannot be stored`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = feelToJson(v);
    return out;
  }
  throw new NotJsonError(`a ${typeof value} value, which cannot be stored`);
}

function describeError(err: unknown, expression: string, offset: number): string {
  if (err instanceof FeelSyntaxError) {
    // prefer our wording so deploy-time and run-time messages read the same
    const checked = checkFeelSyntax(expression);
    if (!checked.ok) return checked.error;
    return `syntax error in FEEL expression "${expression}": ${err.message} at position ${offset + err.position.from}`;
  }
  const msg = err instanceof Error ? err.message : String(err);
  return `failed to evaluate FEEL expression "${expression}": ${msg}`;
}

/**
 * Evaluates a FEEL expression (with or without the leading `=`). Never throws.
 * Unknown variables give `null` with a warning, not an error — see the file header.
 */
export function evaluateFeel(expression: string, context: Record<string, unknown>): FeelResult {
  const { body, offset } = stripMarker(expression);
  if (body.trim() === "") return { ok: false, error: `FEEL expression "${expression}" is empty` };
  try {
    // = feelin's evaluate(body, context), minus the re-parse when this text was seen with a context
    // of the same shape (feel-parse-cache.ts)
    const { value, warnings } = cachedEvaluate(body, context);
    return { ok: true, value: feelToJson(value), warnings: warnings.map((w) => w.message) };
  } catch (err) {
    if (err instanceof NotJsonError) {
      return { ok: false, error: `FEEL expression "${expression}" evaluated to ${err.message}` };
    }
    return { ok: false, error: describeError(err, expression, offset) };
  }
}

/**
 * Evaluates FEEL unary tests (with or without the leading `=`), as form-js does for a field's
 * `conditional.hide`: a boolean expression yields its value; null for errors and non-booleans.
 */
export function evaluateUnaryTest(expression: string, context: Record<string, unknown>): boolean | null {
  const { body } = stripMarker(expression);
  if (body.trim() === "") return null;
  try {
    const { value } = cachedUnaryTest(body, context);
    return typeof value === "boolean" ? value : null;
  } catch {
    return null;
  }
}

function show(value: unknown): string {
  return value === null ? "null" : JSON.stringify(value);
}

/**
 * Evaluates a sequence-flow / gateway condition. Like Zeebe, anything but a boolean — including `null`
 * (e.g. from an unknown variable) — is an error, so the runtime raises an incident instead of silently
 * taking or skipping a flow. feelin's warnings are appended to explain the usual cause of a null.
 */
export function evaluateCondition(expression: string, context: Record<string, unknown>): ConditionResult {
  const res = evaluateFeel(expression, context);
  if (!res.ok) return res;
  if (typeof res.value === "boolean") return { ok: true, value: res.value, warnings: res.warnings };
  const why = res.warnings.length > 0 ? ` (${res.warnings.join("; ")})` : "";
  return {
    ok: false,
    error: `condition "${expression}" evaluated to ${show(res.value)}, expected true/false${why}`,
  };
}

/**
 * Deploy-time syntax check. Parses without variables, so multi-word or operator-containing names
 * (`order total`, `a-b`) are read as FEEL would read them with an empty context.
 * `position` is a 0-based offset into the original string (including any `=`).
 */
export function checkFeelSyntax(expression: string): FeelSyntaxResult {
  const { body, offset } = stripMarker(expression);
  if (body.trim() === "") return { ok: false, error: `FEEL expression "${expression}" is empty`, position: offset };
  let found: { from: number; to: number } | null = null;
  try {
    // depth-first, so the first error node is the leftmost problem
    const cursor = parseExpression(body, {}, undefined).cursor();
    do {
      if (cursor.type.isError) {
        found = { from: cursor.from, to: cursor.to };
        break;
      }
    } while (cursor.next());
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `cannot parse FEEL expression "${expression}": ${msg}` };
  }
  if (!found) return { ok: true };
  const { from, to } = found;
  return {
    ok: false,
    error: `syntax error in FEEL expression "${expression}": ${describeSyntaxError(body, from, to)} at position ${offset + from}`,
    position: offset + from,
  };
}

/** feelin's own messages name grammar nodes (`Incomplete <Comparison>`); modellers need plainer words. */
function describeSyntaxError(body: string, from: number, to: number): string {
  const rest = body.slice(from).trim();
  if (to > from) return rest.startsWith('"') ? "unterminated string" : `unexpected "${body.slice(from, to)}"`;
  if (rest === "") return "expression is incomplete";
  return `unexpected "${rest.split(/\s+/)[0]}"`;
}
