// The parts of a Camunda Forms schema the server needs, read the way form-js 1.23 reads them:
// which components hold a value (keyed), which only nest their children's paths (group,
// dynamiclist), value paths from `key`/`path`, options, FEEL expression contexts.
import { evaluateFeel, evaluateUnaryTest } from "../../engine/expressions/feel";

export interface FormComponent {
  id?: string;
  type: string;
  key?: string;
  path?: string;
  label?: string;
  components?: FormComponent[];
  validate?: Record<string, unknown>;
  conditional?: { hide?: string };
  values?: unknown[];
  valuesKey?: string;
  valuesExpression?: string;
  disabled?: boolean;
  readonly?: boolean | string;
  isRepeating?: boolean;
  defaultRepetitions?: number;
  decimalDigits?: number;
  increment?: number | string;
  serializeToString?: boolean;
  subtype?: string;
  expression?: string;
  defaultValue?: unknown;
  [k: string]: unknown;
}

/** Components that hold a value under their `key` (form-js `config.keyed`), and the empty value form-js starts them with. */
export const KEYED_EMPTY: Record<string, unknown> = {
  textfield: "",
  textarea: "",
  number: null,
  checkbox: false,
  radio: null,
  select: null,
  checklist: [],
  taglist: [],
  datetime: null,
  expression: null,
  filepicker: null,
};

export const isKeyed = (c: FormComponent): boolean => c.type in KEYED_EMPTY && typeof c.key === "string" && c.key !== "";
/** group and dynamiclist prefix their children's paths with `path` (form-js `config.pathed`). */
export const isPathed = (c: FormComponent): boolean => c.type === "group" || c.type === "dynamiclist";
export const isRepeater = (c: FormComponent): boolean => c.type === "dynamiclist" && c.isRepeating !== false;

export function childrenOf(c: FormComponent): FormComponent[] {
  return Array.isArray(c.components) ? c.components.filter((x): x is FormComponent => !!x && typeof x === "object" && typeof x.type === "string") : [];
}

/** The path segments a component adds: `key` for keyed ones, `path` for groups and lists (dots nest). */
export function ownPath(c: FormComponent): string[] {
  if (isKeyed(c)) return c.key!.split(".");
  if (isPathed(c) && typeof c.path === "string" && c.path.trim() !== "") return c.path.split(".");
  return [];
}

export type Path = (string | number)[];

/** Path segments that would reach an object's prototype: never read or written through. */
const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);
export const isUnsafeSegment = (seg: string | number): boolean => UNSAFE.has(String(seg));

export function getAt(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

export function hasAt(obj: unknown, path: Path): boolean {
  let cur = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, seg)) return false;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return true;
}

export function setAt(obj: Record<string, unknown>, path: Path, value: unknown): void {
  if (path.some(isUnsafeSegment)) return; // refused at deploy; never written whatever the schema says
  let cur: Record<string | number, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    const next = cur[seg];
    if (next === null || typeof next !== "object") cur[seg] = typeof path[i + 1] === "number" ? [] : {};
    cur = cur[seg] as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Deep copy of JSON data (the submission and variables are JSON by the time they get here). */
export const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** `b` over `a`, objects merged key by key, anything else replaced. */
export function deepMerge(a: unknown, b: unknown): unknown {
  if (!isPlainObject(a) || !isPlainObject(b)) return b === undefined ? a : b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) if (!UNSAFE.has(k)) out[k] = deepMerge(Object.prototype.hasOwnProperty.call(a, k) ? a[k] : undefined, v);
  return out;
}

/** form-js's LocalExpressionContext: the form data, the current list item (`this`), its parent and indexes. */
export interface ExprInfo {
  data: Record<string, unknown>;
  this: unknown;
  parent: unknown;
  i: number[];
}

/** form-js `buildExpressionContext`: data spread at top level, plus this/parent/i and _this_/_parent_/_i_. */
export function feelContext(info: ExprInfo): Record<string, unknown> {
  const special = { this: info.this, parent: info.parent, i: info.i };
  return { ...special, ...info.data, _this_: info.this, _parent_: info.parent, _i_: info.i };
}

/** The context for a dynamic list's item: `this` is the item, `parent` the enclosing scope. */
export function itemInfo(outer: ExprInfo, item: unknown, index: number): ExprInfo {
  return { data: outer.data, this: item, parent: feelContext({ ...outer, data: isPlainObject(outer.this) ? outer.this : {} }), i: [...outer.i, index + 1] };
}

export const isExpression = (v: unknown): v is string => typeof v === "string" && v.startsWith("=");

/** A property that may be FEEL (`=…`): evaluated, else returned as is. Failures give null, as in form-js. */
export function evaluated(value: unknown, info: ExprInfo): unknown {
  if (!isExpression(value)) return value;
  const r = evaluateFeel(value, feelContext(info));
  return r.ok ? r.value : null;
}

/** form-js hides a field when its `conditional.hide` unary test is exactly true. */
export function isHidden(c: FormComponent, info: ExprInfo): boolean {
  const hide = c.conditional?.hide;
  if (!isExpression(hide)) return false;
  return evaluateUnaryTest(hide, feelContext(info)) === true;
}

/** A field's options, normalised as form-js does; null when they cannot be known (an expression that failed). */
export function optionValues(c: FormComponent, info: ExprInfo, context: Record<string, unknown>): unknown[] | null {
  let raw: unknown;
  if (c.valuesExpression !== undefined) raw = evaluated(c.valuesExpression, info);
  // form-js reads keyed options from the data the form was opened with, never from what was typed
  else if (c.valuesKey !== undefined) raw = context[c.valuesKey];
  else raw = c.values;
  if (!Array.isArray(raw)) return c.valuesExpression !== undefined ? null : [];
  const out: unknown[] = [];
  for (const o of raw) {
    if (isAllowedPrimitive(o)) out.push(o);
    else if (isPlainObject(o) && o.value !== undefined && o.value !== null) out.push(o.value);
  }
  return out;
}

function isAllowedPrimitive(v: unknown): boolean {
  return ["number", "string", "boolean"].includes(typeof v) && (Boolean(v) || v === 0 || v === false);
}

/** form-js compares option values with lodash isEqual: JSON equality is the same for JSON data. */
export function hasEqualValue(value: unknown, options: unknown[]): boolean {
  const v = JSON.stringify(value);
  return options.some((o) => JSON.stringify(o) === v);
}

/** Date/time strings form-js itself writes: dates `YYYY-MM-DD`, times `HH:mm` (+ `Z` or an offset), date-times `dateTtime`. */
export function dateTimeProblem(subtype: string | undefined, value: string): string | null {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/;
  const time = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;
  const validDate = (s: string) => {
    const m = date.exec(s);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  };
  if (subtype === "time") return time.test(value) ? null : "Value is not a valid time (HH:mm).";
  if (subtype === "datetime") {
    const [d, t, ...rest] = value.split("T");
    return rest.length === 0 && t !== undefined && validDate(d) && time.test(t) ? null : "Value is not a valid date and time (YYYY-MM-DDTHH:mm).";
  }
  return validDate(value) ? null : "Value is not a valid date (YYYY-MM-DD).";
}
