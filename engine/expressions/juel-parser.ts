// Tokenizer and recursive-descent parser for the Java-free subset of Camunda 7 JUEL, used by juel.ts.
// Anything outside the subset throws JuelRefusal, whose message is shown to the modeller.

export type JuelNode =
  | { k: "num"; v: number }
  | { k: "str"; v: string }
  | { k: "bool"; v: boolean }
  | { k: "null" }
  | { k: "var"; name: string }
  | { k: "get"; obj: JuelNode; key: string }
  | { k: "index"; obj: JuelNode; i: number }
  | { k: "neg" | "not" | "empty"; e: JuelNode }
  | { k: "bin"; op: BinOp; l: JuelNode; r: JuelNode }
  | { k: "if"; c: JuelNode; t: JuelNode; f: JuelNode };

export type BinOp = "or" | "and" | "=" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "mod";

const EXTERNAL_HINT = 'rewrite it in FEEL or move the logic to an external task (camunda:type="external")';

/** Why a JUEL expression cannot be translated; `unsupported` adds the external-task hint. */
export class JuelRefusal extends Error {}

function unsupported(what: string): JuelRefusal {
  return new JuelRefusal(`${what} is not supported in Baton; ${EXTERNAL_HINT}`);
}

type Tok =
  | { t: "num"; v: number; pos: number; text: string }
  | { t: "str"; v: string; pos: number; text: string }
  | { t: "id" | "op" | "end"; v: string; pos: number; text: string };

// JUEL word operators; `true`/`false`/`null` are literals and handled by the parser via "op" too.
const WORD_OPS = new Set([
  "and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "empty", "true", "false", "null", "instanceof",
]);
// Longest first so `==` wins over `=`.
const PUNCT = ["==", "!=", "<=", ">=", "&&", "||", "+=", "->", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", "(", ")",
  "[", "]", ".", ",", "=", ";", "{"];

// Camunda 7 puts these Java objects into every expression; Baton has no equivalent.
const JAVA_CONTEXT = new Set(["execution", "task", "authenticatedUserId", "variableScope", "caseExecution", "connector"]);

const ID_START = /[\p{L}_$]/u;
const ID_PART = /[\p{L}\p{N}_$]/u;

/** Tokenizes from `start` (just after `${`) up to the closing `}`; returns tokens and the index after `}`. */
function tokenize(src: string, start: number): { toks: Tok[]; end: number } {
  const toks: Tok[] = [];
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "}") {
      toks.push({ t: "end", v: "}", pos: i, text: "}" });
      return { toks, end: i + 1 };
    }
    const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && !(c === "." && toks.length > 0 && isOperand(toks[toks.length - 1]))) {
      toks.push({ t: "num", v: Number(num[0]), pos: i, text: num[0] });
      i += num[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let v = "";
      for (; j < src.length && src[j] !== c; j++) {
        // JUEL only escapes the quote and the backslash; any other backslash is literal
        if (src[j] === "\\" && (src[j + 1] === c || src[j + 1] === "\\")) j++;
        v += src[j];
      }
      if (j >= src.length) throw new JuelRefusal(`unterminated string starting at position ${i}`);
      toks.push({ t: "str", v, pos: i, text: src.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < src.length && ID_PART.test(src[j])) j++;
      const word = src.slice(i, j);
      toks.push({ t: WORD_OPS.has(word) ? "op" : "id", v: word, pos: i, text: word });
      i = j;
      continue;
    }
    const p = PUNCT.find((op) => src.startsWith(op, i));
    if (!p) throw new JuelRefusal(`unexpected character "${c}" at position ${i}`);
    toks.push({ t: "op", v: p, pos: i, text: p });
    i += p.length;
  }
  throw new JuelRefusal(`missing closing "}" for the expression starting at position ${start - 2}`);
}

function isOperand(t: Tok): boolean {
  return t.t === "id" || t.t === "num" || t.t === "str" || (t.t === "op" && (t.v === ")" || t.v === "]"));
}

const EQ_OPS: Record<string, BinOp> = { "==": "=", eq: "=", "!=": "!=", ne: "!=" };
const REL_OPS: Record<string, BinOp> = { "<": "<", lt: "<", ">": ">", gt: ">", "<=": "<=", le: "<=", ">=": ">=", ge: ">=" };
const ADD_OPS: Record<string, BinOp> = { "+": "+", "-": "-" };
const MUL_OPS: Record<string, BinOp> = { "*": "*", "/": "/", div: "/", "%": "mod", mod: "mod" };

/** Parses one `${…}` body starting at `start`; returns the AST and the index after the closing `}`. */
export function parseJuelExpression(src: string, start: number): { node: JuelNode; end: number } {
  const { toks, end } = tokenize(src, start);
  let at = 0;
  const peek = (): Tok => toks[at];
  const next = (): Tok => toks[at++];
  const isOp = (v: string): boolean => peek().t === "op" && peek().v === v;

  const fail = (tok: Tok): JuelRefusal => {
    if (tok.t === "end") {
      const prev = toks[at - 1];
      return new JuelRefusal(prev ? `expression ends unexpectedly after "${prev.text}"` : "empty expression");
    }
    if (tok.t === "op") {
      if (tok.v === "=") return unsupported(`assignment "=" (use "==" to compare)`);
      if (tok.v === "+=") return unsupported(`the "+=" operator`);
      if (tok.v === ";") return unsupported(`";" (several expressions in one)`);
      if (tok.v === "->") return unsupported("a lambda expression");
      if (tok.v === "instanceof") return unsupported(`"instanceof"`);
      if (tok.v === "{" || tok.v === "[") return unsupported("a collection literal");
    }
    return new JuelRefusal(`unexpected "${tok.text}" at position ${tok.pos}`);
  };
  const expect = (v: string): void => {
    if (!isOp(v)) throw fail(peek());
    next();
  };

  // Builds a left-associative binary level from a table of token → FEEL operator.
  const level = (ops: Record<string, BinOp>, sub: () => JuelNode) => (): JuelNode => {
    let l = sub();
    while (peek().t === "op" && Object.hasOwn(ops, peek().v)) {
      const op = ops[next().v];
      l = { k: "bin", op, l, r: sub() };
    }
    return l;
  };

  const primary = (): JuelNode => {
    const tok = next();
    if (tok.t === "num") return { k: "num", v: tok.v };
    if (tok.t === "str") return { k: "str", v: tok.v };
    if (tok.t === "id") {
      if (JAVA_CONTEXT.has(tok.v)) {
        throw unsupported(`"${tok.v}" (Camunda 7's Java context object)`);
      }
      return { k: "var", name: tok.v };
    }
    if (tok.t === "op") {
      if (tok.v === "true" || tok.v === "false") return { k: "bool", v: tok.v === "true" };
      if (tok.v === "null") return { k: "null" };
      if (tok.v === "(") {
        const e = expr();
        expect(")");
        return e;
      }
    }
    at--;
    throw fail(tok);
  };

  const postfix = (): JuelNode => {
    let node = primary();
    for (;;) {
      if (isOp(".")) {
        next();
        const key = next();
        if (key.t !== "id" && !(key.t === "op" && WORD_OPS.has(key.v))) throw fail(key);
        node = { k: "get", obj: node, key: key.v };
      } else if (isOp("[")) {
        next();
        const key = next();
        if (key.t === "str") node = { k: "get", obj: node, key: key.v };
        else if (key.t === "num" && Number.isInteger(key.v)) node = { k: "index", obj: node, i: key.v };
        else throw unsupported(`a computed index "[${key.text}…]" (only literal keys and list positions)`);
        expect("]");
      } else if (isOp("(")) {
        const what = node.k === "var" ? `the function call "${node.name}()"` : `the method call "${describe(node)}()"`;
        throw unsupported(what);
      } else {
        return node;
      }
    }
  };

  const unary = (): JuelNode => {
    if (isOp("-")) { next(); return { k: "neg", e: unary() }; }
    if (isOp("!") || isOp("not")) { next(); return { k: "not", e: unary() }; }
    if (isOp("empty")) { next(); return { k: "empty", e: unary() }; }
    return postfix();
  };

  const mul = level(MUL_OPS, unary);
  const add = level(ADD_OPS, mul);
  const rel = level(REL_OPS, add);
  const eq = level(EQ_OPS, rel);
  const and = level({ "&&": "and", and: "and" }, eq);
  const or = level({ "||": "or", or: "or" }, and);
  function expr(): JuelNode {
    const c = or();
    if (!isOp("?")) return c;
    next();
    const t = expr();
    expect(":");
    return { k: "if", c, t, f: expr() };
  }

  const node = expr();
  if (peek().t !== "end") throw fail(peek());
  return { node, end };
}

/** Short JUEL-ish rendering of a member chain, for messages such as `the method call "a.b.foo()"`. */
function describe(node: JuelNode): string {
  if (node.k === "var") return node.name;
  if (node.k === "get") return `${describe(node.obj)}.${node.key}`;
  if (node.k === "index") return `${describe(node.obj)}[${node.i}]`;
  return "…";
}
