// What a request may carry, checked at the boundary (server/http/define-route.ts and the
// Camunda routers) before zod and before anything recursive, and again on variables where
// commands parse them. PostgreSQL cannot store NUL in text or jsonb, nor an unpaired UTF-16
// surrogate in jsonb; JSON.stringify and the engine's copies recurse, so a value nested
// 100,000 deep overflows the stack. Each of these was a 500 before (issue 17).
import { BatonError } from "./errors";

/** How deep one variable's value may nest (`[[1]]` is 2). */
export const MAX_JSON_DEPTH = 64;
/** A whole JSON body: a variable's limit plus room for the envelope around it (`body.variables.x.value`). */
export const MAX_BODY_DEPTH = MAX_JSON_DEPTH + 8;
/** The variables of one request, as JSON text (UTF-16 code units, close to bytes for ASCII). */
export const MAX_VARIABLES_CHARS = 1_048_576;
/** A JSON request body. Deploys take up to 5 MB of XML and read their bodies themselves. */
export const MAX_JSON_BODY_CHARS = 6_000_000;

export interface InputIssue {
  field: string;
  message: string;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Tab, newline and carriage return stay legal in text; in ids and names no control is.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `s` cannot be stored, or null. `id` also refuses controls (path ids, query values, names). */
export function textIssue(s: string, kind: "text" | "id"): string | null {
  if (NUL.test(s)) return "contains a NUL character (\\u0000), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate (not valid Unicode)";
  if (kind === "id") {
    const c = CONTROL.exec(s);
    if (c) return `contains the control character U+${c[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`;
  }
  return null;
}

// XML 1.0's Char production: tab, newline and carriage return are the only controls allowed.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f]/;
const CHAR_REF = /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));/g;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Why BPMN XML is not well-formed text, or null: a NUL, an unpaired surrogate, a control XML
 * forbids, or a character reference to one (`&#0;` would reach a name once parsed).
 */
export function xmlTextIssue(xml: string): string | null {
  const why = textIssue(xml, "text");
  if (why) return why;
  const c = XML_CONTROL.exec(xml);
  if (c) return `contains the control character U+${c[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}, which XML does not allow`;
  for (const m of xml.matchAll(CHAR_REF)) {
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
    if (!isXmlChar(cp)) return `the character reference ${m[0].slice(0, 20)} names a character XML does not allow`;
  }
  return null;
}

function fieldOf(where: string, path: (string | number)[]): string {
  // A path thousands deep names the field by its first steps.
  const shown = path.slice(0, 4).map((p) => (typeof p === "string" && p.length > 40 ? `${p.slice(0, 40)}…` : p));
  return [where, ...shown].filter((p) => p !== "").join(".") + (path.length > 4 ? "…" : "");
}

interface Node {
  value: unknown;
  key: string | number | null;
  parent: Node | null;
  depth: number;
}

function pathOf(node: Node | null): (string | number)[] {
  const out: (string | number)[] = [];
  for (let n = node; n && n.key !== null; n = n.parent) out.push(n.key);
  return out.reverse();
}

interface WalkOptions {
  maxDepth: number;
  depthMessage?: string;
  /** Top-level keys are names (variable names): no control characters. */
  idKeys?: boolean;
}

/**
 * The first problem in a parsed JSON value, found without recursion: a string or key that
 * cannot be stored, a key that is not a valid name (`idKeys`), or nesting deeper than `maxDepth`.
 */
function walk(value: unknown, opts: WalkOptions): { path: (string | number)[]; message: string } | null {
  const stack: Node[] = [{ value, key: null, parent: null, depth: 0 }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === "string") {
      const why = textIssue(v, "text");
      if (why) return { path: pathOf(node), message: why };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    const depth = node.depth + 1;
    if (depth > opts.maxDepth) {
      return { path: pathOf(node), message: opts.depthMessage ?? `JSON nested deeper than ${opts.maxDepth} levels (the limit)` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node, depth });
      continue;
    }
    for (const [k, child] of Object.entries(v)) {
      const why = textIssue(k, opts.idKeys && node.key === null ? "id" : "text");
      if (why) return { path: pathOf(node), message: `the name ${JSON.stringify(k.slice(0, 40))} ${why}` };
      stack.push({ value: child, key: k, parent: node, depth });
    }
  }
  return null;
}

export function findJsonIssue(value: unknown, where: string, opts: WalkOptions): InputIssue | null {
  const found = walk(value, opts);
  return found && { field: fieldOf(where, found.path), message: found.message };
}

export function validationError(issue: InputIssue): BatonError {
  return new BatonError("VALIDATION", `${issue.field}: ${issue.message}`, { field: issue.field, fields: [issue] });
}

/** A parsed JSON request body: storable text, nesting within MAX_BODY_DEPTH. */
export function jsonBodyIssue(body: unknown, where = "body"): InputIssue | null {
  return findJsonIssue(body, where, {
    maxDepth: MAX_BODY_DEPTH,
    depthMessage: `JSON nested deeper than ${MAX_BODY_DEPTH} levels (a request body may nest ${MAX_BODY_DEPTH} levels, a variable's value ${MAX_JSON_DEPTH})`,
  });
}

/** Path params and query strings: ids and filter values, where no control character belongs. */
export function textMapIssue(values: Iterable<[string, string | string[] | undefined]>, where: string): InputIssue | null {
  for (const [k, raw] of values) {
    const keyWhy = textIssue(k, "id");
    if (keyWhy) return { field: where, message: `the name ${JSON.stringify(k.slice(0, 40))} ${keyWhy}` };
    for (const v of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
      const why = textIssue(v, "id");
      if (why) return { field: `${where}.${k}`, message: why };
    }
  }
  return null;
}

/**
 * A map of process variables: names without controls, each value nested at most MAX_JSON_DEPTH
 * levels, and the whole at most MAX_VARIABLES_CHARS as JSON. Path relative to the map.
 */
export function variablesIssue(vars: Record<string, unknown>): { path: (string | number)[]; message: string } | null {
  // The map itself is the first level: its values may nest MAX_JSON_DEPTH below it.
  const found = walk(vars, { maxDepth: MAX_JSON_DEPTH + 1, depthMessage: `nested deeper than ${MAX_JSON_DEPTH} levels (the limit for a variable's value)`, idKeys: true });
  if (found) return { path: found.path.slice(0, 4), message: found.message };
  // Safe to stringify now: the depth is bounded.
  const size = JSON.stringify(vars).length;
  if (size > MAX_VARIABLES_CHARS) return { path: [], message: `${size} characters of JSON; the variables of one request may take at most ${MAX_VARIABLES_CHARS}` };
  return null;
}

/**
 * A deploy request as the deploy command receives it from any surface (JSON, XML, multipart,
 * Camunda 7 and 8): storable text throughout, well-formed XML characters, a clean file name.
 */
export function deployRequestIssue(request: { xml?: unknown; fileName?: unknown }): InputIssue | null {
  if (typeof request.xml === "string") {
    const why = xmlTextIssue(request.xml);
    if (why) return { field: "body.xml", message: why };
  }
  if (typeof request.fileName === "string") {
    const why = textIssue(request.fileName, "id");
    if (why) return { field: "body.fileName", message: why };
  }
  return findJsonIssue(request, "body", { maxDepth: MAX_BODY_DEPTH });
}
