// Server-side check of submitted form data against its Camunda Forms schema, with the rules
// form-js 1.23 applies in the browser (Validator.validateFieldInstance, Form.validate and
// Form._getSubmitData), so a request that bypasses the page is held to the same form:
// - only visible fields are validated and written: a field whose FEEL `conditional.hide` is true,
//   or inside a hidden group/list, is skipped and its submitted value dropped; `disabled` fields
//   are neither validated nor written (form-js does not submit them); `readonly` fields are
//   validated with the value the task already had and never written (the user cannot change them);
// - keys the form does not define are REFUSED (400 naming them), not silently dropped: a typo such
//   as `amout` would otherwise complete the task without the value the process needs;
// - types are checked (form-js cannot produce a wrong type, an API client can): text, numbers
//   (numeric strings are accepted and stored as numbers unless `serializeToString`), booleans,
//   date/time strings, lists for checklist/taglist/dynamiclist, and option membership;
// - messages are form-js's own, so the browser and the API say the same thing.
import {
  childrenOf, clone, dateTimeProblem, deepMerge, evaluated, feelContext, getAt, hasAt, hasEqualValue, isExpression, isHidden,
  isKeyed, isPathed, isPlainObject, isRepeater, itemInfo, KEYED_EMPTY, optionValues, ownPath, setAt,
  type ExprInfo, type FormComponent, type Path,
} from "./form-schema";
import { evaluateFeel } from "../../engine/expressions/feel";

export type SubmissionResult = { ok: true; values: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// form-js checks phone numbers against a long list of country codes; the shape is what matters here
const PHONE = /^(\+|00)\d{6,20}$/;

interface Walk {
  state: Record<string, unknown>;
  submitted: Record<string, unknown>;
  context: Record<string, unknown>;
  errors: Record<string, string>;
  values: Record<string, unknown>;
}

export function validateSubmission(schema: Record<string, unknown>, data: Record<string, unknown>, context: Record<string, unknown> = {}): SubmissionResult {
  const root: FormComponent = { ...(schema as FormComponent), type: "default", components: (schema.components as FormComponent[]) ?? [] };
  const submitted = isPlainObject(data) ? clone(data) : {};
  // no prototype: a submitted key named __proto__ is reported like any other unknown key
  const errors = Object.create(null) as Record<string, string>;
  unknownKeys(root, submitted, [], errors);
  // the form's state at submit: the task's variables, the submission over them, empty fields initialised
  const initial = initialise(root, isPlainObject(context) ? clone(context) : {}, []);
  const state = initialise(root, deepMerge(initial, submitted) as Record<string, unknown>, []);
  // what FEEL sees (form-js useFilteredFormData): the initial data, overlaid by the state without hidden values
  const filtered = { ...initial, ...withoutHidden(root, state, { data: state, this: state, parent: null, i: [] }, []) };
  const walk: Walk = { state, submitted, context, errors, values: {} };
  visit(root, [], { data: filtered, this: filtered, parent: null, i: [] }, walk);
  return Object.keys(errors).length ? { ok: false, errors: Object.fromEntries(Object.entries(errors)) } : { ok: true, values: walk.values };
}

/** Every submitted key must be a field of the form (hidden ones included: their values are dropped, not refused). */
function unknownKeys(c: FormComponent, data: Record<string, unknown>, at: Path, errors: Record<string, string>): void {
  check(shapeOf(c), data, at, errors);
}

type Shape = { kind: "leaf" } | { kind: "object"; children: Map<string, Shape> } | { kind: "list"; item: Shape };

function shapeOf(c: FormComponent): Shape {
  const root: Shape = { kind: "object", children: new Map() };
  const add = (node: Shape & { kind: "object" }, comp: FormComponent) => {
    const path = ownPath(comp);
    let target = node;
    for (const [n, seg] of path.entries()) {
      const last = n === path.length - 1;
      if (last && isKeyed(comp)) {
        target.children.set(seg, { kind: "leaf" });
        return;
      }
      if (last && isRepeater(comp)) {
        const item: Shape & { kind: "object" } = { kind: "object", children: new Map() };
        target.children.set(seg, { kind: "list", item });
        for (const child of childrenOf(comp)) add(item, child);
        return;
      }
      const existing = target.children.get(seg);
      const next = existing?.kind === "object" ? existing : { kind: "object" as const, children: new Map<string, Shape>() };
      if (existing?.kind !== "object") target.children.set(seg, next);
      target = next;
    }
    if (!isKeyed(comp)) for (const child of childrenOf(comp)) add(target, child);
  };
  for (const child of childrenOf(c)) add(root as Shape & { kind: "object" }, child);
  return root;
}

function check(shape: Shape, value: unknown, at: Path, errors: Record<string, string>): void {
  if (shape.kind === "leaf") return;
  if (shape.kind === "list") {
    if (Array.isArray(value)) value.forEach((item, i) => check(shape.item, item, [...at, i], errors));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const sub = shape.children.get(k);
    if (!sub) errors[[...at, k].join(".")] = "Not a field of this form.";
    else check(sub, v, [...at, k], errors);
  }
}

/** form-js `_getInitializedFieldData`: empty values and defaults for absent keys, one row per absent list. */
function initialise(c: FormComponent, data: Record<string, unknown>, prefix: Path): Record<string, unknown> {
  for (const child of childrenOf(c)) {
    const path = [...prefix, ...ownPath(child)];
    if (isKeyed(child)) {
      if (getAt(data, path) === undefined) setAt(data, path, clone(child.defaultValue !== undefined ? child.defaultValue : KEYED_EMPTY[child.type]));
    } else if (isRepeater(child) && path.length > prefix.length) {
      let rows = getAt(data, path);
      if (!Array.isArray(rows)) rows = Array.from({ length: child.defaultRepetitions ?? 1 }, () => ({}));
      const items = (rows as unknown[]).map((r) => (isPlainObject(r) ? r : {}));
      setAt(data, path, items);
      items.forEach((_, i) => initialise(child, data, [...path, i]));
    } else {
      initialise(child, data, path);
    }
  }
  return data;
}

/** form-js `ConditionChecker.applyConditions(data, data)`: the data without the values of hidden fields. */
function withoutHidden(c: FormComponent, data: Record<string, unknown>, info: ExprInfo, prefix: Path): Record<string, unknown> {
  const out = prefix.length === 0 ? clone(data) : data;
  for (const child of childrenOf(c)) {
    const path = [...prefix, ...ownPath(child)];
    if (isHidden(child, info)) {
      if (isKeyed(child) || isRepeater(child)) setAt(out, path, undefined);
      continue;
    }
    if (isRepeater(child)) {
      const rows = getAt(data, path);
      if (Array.isArray(rows)) rows.forEach((row, i) => withoutHidden(child, out, itemInfo(info, row, i), [...path, i]));
    } else if (!isKeyed(child)) {
      withoutHidden(child, out, info, path);
    }
  }
  return out;
}

function visit(c: FormComponent, prefix: Path, info: ExprInfo, w: Walk): void {
  for (const child of childrenOf(c)) {
    if (isHidden(child, info)) continue;
    const path = [...prefix, ...ownPath(child)];
    if (isKeyed(child)) field(child, path, info, w);
    else if (isRepeater(child) && path.length > prefix.length) list(child, path, info, w);
    else if (isPathed(child) || childrenOf(child).length) visit(child, path, info, w);
  }
}

function list(c: FormComponent, path: Path, info: ExprInfo, w: Walk): void {
  const key = path.join(".");
  const sent = getAt(w.submitted, path);
  if (sent !== undefined && !Array.isArray(sent)) {
    w.errors[key] = "Value must be a list.";
    return;
  }
  const rows = (getAt(w.state, path) as unknown[]) ?? [];
  // a submitted list replaces the old one row for row; one not sent stays as it was (its rows
  // are still validated, with the values they already had)
  if (Array.isArray(sent)) setAt(w.values, path, rows.map(() => ({})));
  rows.forEach((row, i) => {
    if (Array.isArray(sent) && !isPlainObject(sent[i])) w.errors[`${key}.${i}`] = "Each entry of the list must be an object.";
    visit(c, [...path, i], itemInfo(info, row, i), w);
  });
}

function field(c: FormComponent, path: Path, info: ExprInfo, w: Walk): void {
  if (c.disabled) return;
  const key = path.join(".");
  if (c.type === "expression") {
    // computed by the form, never typed by the user: the server computes it again
    if (typeof c.expression === "string") {
      const r = evaluateFeel(c.expression, feelContext(info));
      setAt(w.values, path, r.ok ? r.value : null);
    }
    return;
  }
  const readonly = evaluated(c.readonly, info) === true;
  const sent = hasAt(w.submitted, path) && !readonly;
  const raw = readonly ? (getAt(w.context, path) ?? getAt(w.state, path)) : getAt(w.state, path);
  const typed = coerce(c, raw, info, w.context);
  if (typed instanceof Problem) {
    w.errors[key] = typed.message;
    return;
  }
  const problems = [...numberRules(c, typed), ...presetRules(c, typed, info)];
  if (problems.length) {
    w.errors[key] = problems[0];
    return;
  }
  if (readonly) return;
  if (sent) setAt(w.values, path, typed);
  else if (c.defaultValue !== undefined && getAt(w.context, path) === undefined) setAt(w.values, path, clone(c.defaultValue));
}

class Problem {
  constructor(readonly message: string) {}
}
const problem = (message: string): Problem => new Problem(message);

/** The value in the type the component stores, or the problem with it. */
function coerce(c: FormComponent, v: unknown, info: ExprInfo, context: Record<string, unknown>): unknown {
  if (v === undefined || v === null) return null;
  switch (c.type) {
    case "textfield":
    case "textarea":
      return typeof v === "string" ? v : problem("Value must be text.");
    case "number": {
      if ((typeof v !== "number" && typeof v !== "string") || v === "" || Number.isNaN(Number(v)) || !Number.isFinite(Number(v))) {
        return v === "" ? null : problem("Value is not a number.");
      }
      return c.serializeToString ? String(v) : Number(v);
    }
    case "checkbox":
      return typeof v === "boolean" ? v : problem("Value must be true or false.");
    case "radio":
    case "select": {
      const options = optionValues(c, info, context);
      return options === null || hasEqualValue(v, options) ? v : problem("Value is not one of the options.");
    }
    case "checklist":
    case "taglist": {
      if (!Array.isArray(v)) return problem("Value must be a list of options.");
      const options = optionValues(c, info, context);
      const bad = options === null ? undefined : v.find((x) => !hasEqualValue(x, options));
      return bad === undefined ? v : problem(`${JSON.stringify(bad)} is not one of the options.`);
    }
    case "datetime": {
      if (typeof v !== "string") return problem("Value must be a date/time text.");
      const p = dateTimeProblem(c.subtype, v);
      return p ? problem(p) : v;
    }
    case "filepicker":
      return typeof v === "string" ? v : problem("Value must be a file reference.");
    default:
      return v;
  }
}

/** form-js runNumberValidation: decimal digits and increment. */
function numberRules(c: FormComponent, v: unknown): string[] {
  if (c.type !== "number" || v === null || v === "" || v === 0) return [];
  const text = String(v);
  const out: string[] = [];
  const decimals = text.includes(".") ? text.split(".")[1].replace(/e.*$/i, "").length : 0;
  if (typeof c.decimalDigits === "number" && c.decimalDigits >= 0 && decimals > c.decimalDigits) {
    out.push("Value is expected to " + (c.decimalDigits === 0 ? "be an integer" : `have at most ${c.decimalDigits} decimal digit${c.decimalDigits > 1 ? "s" : ""}`) + ".");
  }
  const inc = Number(c.increment);
  if (c.increment !== undefined && c.increment !== "" && Number.isFinite(inc) && inc > 0) {
    // scaled to integers so 0.1 steps do not fail on binary fractions
    const scale = 10 ** Math.max(decimals, String(c.increment).split(".")[1]?.length ?? 0);
    const offset = Math.round(Number(v) * scale) % Math.round(inc * scale);
    if (offset !== 0) {
      const prev = (Math.round(Number(v) * scale) - offset) / scale;
      out.push(`Please select a valid value, the two nearest valid values are ${prev} and ${prev + inc}.`);
    }
  }
  return out;
}

/** form-js runPresetValidation, with min/max/minLength/maxLength evaluated when they are FEEL. */
function presetRules(c: FormComponent, value: unknown, info: ExprInfo): string[] {
  const validate = c.validate ?? {};
  const out: string[] = [];
  const rule = (name: string) => (isExpression(validate[name]) ? evaluated(validate[name], info) : validate[name]);
  const pattern = validate.pattern;
  if (typeof pattern === "string" && pattern !== "" && typeof value === "string" && value) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(pattern);
    } catch {
      re = null; // a pattern the browser could not compile either: the form's problem, not the user's
    }
    if (re && !re.test(value)) out.push(typeof validate.patternErrorMessage === "string" && validate.patternErrorMessage ? validate.patternErrorMessage : `Field must match pattern ${pattern}.`);
  }
  if (validate.required === true) {
    const empty = value === null || value === undefined || value === "" || (c.type === "checkbox" && value === false) || (Array.isArray(value) && value.length === 0);
    if (empty) out.push("Field is required.");
  }
  const present = Boolean(value) || value === 0;
  const min = rule("min");
  const max = rule("max");
  if (present && min !== undefined && min !== null && min !== "" && Number(value) < Number(min)) out.push(`Field must have minimum value of ${min}.`);
  if (present && max !== undefined && max !== null && max !== "" && Number(value) > Number(max)) out.push(`Field must have maximum value of ${max}.`);
  const minLength = rule("minLength");
  const maxLength = rule("maxLength");
  if (typeof value === "string" && value && typeof minLength === "number" && value.trim().length < minLength) out.push(`Field must have minimum length of ${minLength}.`);
  if (typeof value === "string" && value && typeof maxLength === "number" && value.trim().length > maxLength) out.push(`Field must have maximum length of ${maxLength}.`);
  if (typeof value === "string" && value && validate.validationType === "phone" && !PHONE.test(value)) out.push("Field must be a valid  international phone number. (e.g. +4930664040900)");
  if (typeof value === "string" && value && validate.validationType === "email" && !EMAIL.test(value)) out.push("Field must be a valid email.");
  return out;
}
