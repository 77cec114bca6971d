// Translates the Java-free subset of Camunda 7 JUEL (`${…}` / `#{…}`) into FEEL, for importing C7 models.
//
// The translation keeps the meaning for the values processes normally carry, but FEEL is stricter than
// JUEL in a few places the modeller should know about (they surface as incidents, never silently):
// - JUEL coerces types (`${x == "5"}` with x = 5 is true, null counts as 0 / false / ""); FEEL compares
//   different types to null, and `null and true` is null, so evaluateCondition reports an incident.
// - JUEL `%` is a remainder (sign of the dividend), FEEL `modulo` takes the sign of the divisor; they only
//   differ for a negative operand with a non-zero remainder (`-7 % 3` is -1 in JUEL, modulo gives 2).
// - In a composite text (`Hello ${name}`) JUEL prints null as ""; FEEL `"Hello " + string(null)` is null.
import { JuelRefusal, parseJuelExpression, type BinOp, type JuelNode } from "./juel-parser";

export type JuelToFeelResult = { ok: true; feel: string } | { ok: false; reason: string };

// Words FEEL's grammar uses; feelin mis-parses some of them as variable names depending on context,
// so we never emit them as bare names.
const FEEL_KEYWORDS = new Set([
  "if", "then", "else", "for", "in", "return", "some", "every", "satisfies", "instance", "of", "between",
  "function", "external", "and", "or", "not", "true", "false", "null",
]);
// FEEL names may contain spaces and more, but JUEL names are Java identifiers; `$` is the one character
// JUEL allows and FEEL does not.
const SAFE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && !FEEL_KEYWORDS.has(name);
}

// FEEL precedence, loosest first: if < or < and < comparison < additive < multiplicative < unary < atom.
const PREC = { if: 1, or: 2, and: 3, cmp: 4, add: 5, mul: 6, neg: 7, atom: 9 } as const;
const OP_PREC: Record<Exclude<BinOp, "mod">, number> = {
  or: PREC.or, and: PREC.and,
  "=": PREC.cmp, "!=": PREC.cmp, "<": PREC.cmp, ">": PREC.cmp, "<=": PREC.cmp, ">=": PREC.cmp,
  "+": PREC.add, "-": PREC.add, "*": PREC.mul, "/": PREC.mul,
};

type Printed = { text: string; prec: number };

function wrap(p: Printed, when: boolean): string {
  return when ? `(${p.text})` : p.text;
}

/** FEEL string literal; FEEL understands `\"`, `\\`, `\n`, `\r`, `\t`. */
export function feelString(s: string): string {
  const escaped = s
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
  return `"${escaped}"`;
}

function printNumber(v: number): string {
  const text = String(v);
  // feelin has no exponent notation (it reads `1e3` as 1), so refuse rather than change the value
  if (/e/i.test(text) || !Number.isFinite(v)) throw new JuelRefusal(`the number ${text} cannot be written in FEEL`);
  return text;
}

function print(node: JuelNode): Printed {
  switch (node.k) {
    case "num":
      return { text: printNumber(node.v), prec: PREC.atom };
    case "str":
      return { text: feelString(node.v), prec: PREC.atom };
    case "bool":
      return { text: String(node.v), prec: PREC.atom };
    case "null":
      return { text: "null", prec: PREC.atom };
    case "var":
      if (!isSafeName(node.name)) {
        throw new JuelRefusal(
          `the variable name "${node.name}" cannot be used in FEEL (reserved word or "$"); rename the variable`,
        );
      }
      return { text: node.name, prec: PREC.atom };
    case "get": {
      const obj = print(node.obj);
      // `a["b"]` would be a filter in FEEL, so keys that are not plain names go through `get value`
      if (isSafeName(node.key)) return { text: `${wrap(obj, obj.prec < PREC.atom)}.${node.key}`, prec: PREC.atom };
      return { text: `get value(${obj.text}, ${feelString(node.key)})`, prec: PREC.atom };
    }
    case "index": {
      // JUEL lists are 0-based, FEEL lists 1-based
      const obj = print(node.obj);
      return { text: `${wrap(obj, obj.prec < PREC.atom)}[${node.i + 1}]`, prec: PREC.atom };
    }
    case "neg": {
      const e = print(node.e);
      return { text: `-${wrap(e, e.prec <= PREC.neg)}`, prec: PREC.neg };
    }
    case "not":
      return { text: `not(${print(node.e).text})`, prec: PREC.atom };
    case "empty": {
      // JUEL `empty` is true for null, "", an empty list and an empty map. Comparing different types in
      // FEEL gives null (`"a" = []`), which would poison the `or`; `= true` turns that null into false.
      const e = print(node.e);
      const x = wrap(e, e.prec < PREC.atom);
      return { text: `(${x} = null or ${x} = "" or ${x} = [] or ${x} = {}) = true`, prec: PREC.cmp };
    }
    case "bin": {
      const l = print(node.l);
      const r = print(node.r);
      if (node.op === "mod") return { text: `modulo(${l.text}, ${r.text})`, prec: PREC.atom };
      const p = OP_PREC[node.op];
      // FEEL comparisons do not chain, so `(a < b) = c` keeps its parentheses
      const left = wrap(l, l.prec < p || (p === PREC.cmp && l.prec === PREC.cmp));
      const right = wrap(r, r.prec <= p);
      return { text: `${left} ${node.op} ${right}`, prec: p };
    }
    case "if": {
      const [c, t, f] = [print(node.c), print(node.t), print(node.f)];
      const part = (x: Printed) => wrap(x, x.prec <= PREC.if);
      return { text: `if ${part(c)} then ${part(t)} else ${part(f)}`, prec: PREC.if };
    }
  }
}

type Part = { text: string } | { node: JuelNode };

/** Splits a JUEL template into literal text and parsed `${…}` / `#{…}` parts. */
function parseTemplate(src: string): Part[] {
  const parts: Part[] = [];
  let text = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    // `\${` and `\#{` are JUEL's escapes for a literal `${` / `#{`
    if (c === "\\" && (src[i + 1] === "$" || src[i + 1] === "#") && src[i + 2] === "{") {
      text += src.slice(i + 1, i + 3);
      i += 3;
    } else if ((c === "$" || c === "#") && src[i + 1] === "{") {
      if (text) parts.push({ text });
      text = "";
      const { node, end } = parseJuelExpression(src, i + 2);
      parts.push({ node });
      i = end;
    } else {
      text += c;
      i++;
    }
  }
  if (text || parts.length === 0) parts.push({ text });
  return parts;
}

/**
 * Translates a Camunda 7 JUEL value into FEEL text (without the Zeebe `=`).
 * Plain text becomes a FEEL string literal; a single `${x}` keeps its type; text mixed with
 * expressions becomes string concatenation. Never throws.
 */
export function juelToFeel(expr: string): JuelToFeelResult {
  try {
    const parts = parseTemplate(expr);
    if (parts.length === 1) {
      const only = parts[0];
      return { ok: true, feel: "text" in only ? feelString(only.text) : print(only.node).text };
    }
    const feel = parts.map((p) => ("text" in p ? feelString(p.text) : `string(${print(p.node).text})`)).join(" + ");
    return { ok: true, feel };
  } catch (err) {
    if (err instanceof JuelRefusal) return { ok: false, reason: `cannot convert JUEL "${expr}": ${err.message}` };
    const msg = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: `cannot convert JUEL "${expr}": internal error: ${msg}` };
  }
}
