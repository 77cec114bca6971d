// Variables: scopes hold them, inner scopes shadow outer ones, and writes propagate to the nearest
// scope that already has the variable (else the root scope), as Zeebe does. FEEL sees one merged
// context: root first, then each inner scope, then the token's locals and its completion result.
import type { IoMapping } from "../model/types";
import { date, dateAndTime } from "feelin";
import { evaluateFeel } from "../expressions/feel";
import { scopeVarsW, tokenW, type Exec } from "./context";
import type { TokenState, Variables } from "./state";

function chain(x: Exec, scopeId: string): string[] {
  const ids: string[] = [];
  let id: string | null = scopeId;
  while (id !== null) {
    const s: { parentScopeId: string | null } | undefined = x.state.scopes[id];
    if (!s) break;
    ids.push(id);
    id = s.parentScopeId;
  }
  return ids.reverse();
}

/**
 * FEEL's now() and today() read the machine clock; these stand-ins read the step's clock instead,
 * so replays evaluate them to the same value. Variables of the same name still win.
 */
export function clockFunctions(now: number): Variables {
  const iso = new Date(now).toISOString();
  return { now: () => dateAndTime(iso), today: () => date(iso.slice(0, 10)) };
}

function clock(x: Exec): Variables {
  x.clock ??= clockFunctions(x.now);
  return x.clock;
}

/** Variables visible in a scope, plus the step clock: for evaluating, never for storing. */
export function scopeContext(x: Exec, scopeId: string): Variables {
  const out: Variables = { ...clock(x) };
  for (const id of chain(x, scopeId)) Object.assign(out, x.state.scopes[id]!.vars);
  return out;
}

/** Variables visible at a token as plain data (for a child instance or a job's payload). */
export function tokenVariables(x: Exec, t: TokenState): Variables {
  const out = tokenContext(x, t);
  delete out.now;
  delete out.today;
  // a variable really called now/today was overwritten by the clock stand-ins above only if absent
  for (const k of ["now", "today"]) {
    const v = lookup(x, t, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function lookup(x: Exec, t: TokenState, name: string): unknown {
  if (t.result && name in t.result) return t.result[name];
  if (t.vars && name in t.vars) return t.vars[name];
  if (t.childScopeId && x.state.scopes[t.childScopeId] && name in x.state.scopes[t.childScopeId]!.vars) return x.state.scopes[t.childScopeId]!.vars[name];
  let id: string | null = t.scopeId;
  while (id !== null) {
    const s: { vars: Variables; parentScopeId: string | null } | undefined = x.state.scopes[id];
    if (!s) return undefined;
    if (name in s.vars) return s.vars[name];
    id = s.parentScopeId;
  }
  return undefined;
}

/**
 * What an expression at this token sees. A scope-owning token (subProcess) also sees its child
 * scope, so its output mappings can read the subprocess's local variables.
 */
export function tokenContext(x: Exec, t: TokenState): Variables {
  const out = scopeContext(x, t.scopeId);
  if (t.childScopeId && x.state.scopes[t.childScopeId]) {
    Object.assign(out, x.state.scopes[t.childScopeId]!.vars);
  }
  if (t.vars) Object.assign(out, t.vars);
  if (t.result) Object.assign(out, t.result);
  return out;
}

/** Writes `name` where it is already defined, walking out from `scopeId`; else on the root scope. */
export function propagateVariable(x: Exec, scopeId: string, name: string, value: unknown): void {
  const [head, ...path] = name.split(".");
  let target = x.state.rootScopeId;
  let id: string | null = scopeId;
  while (id !== null) {
    const s: { vars: Variables; parentScopeId: string | null } | undefined = x.state.scopes[id];
    if (!s) break;
    if (Object.prototype.hasOwnProperty.call(s.vars, head!)) {
      target = id;
      break;
    }
    id = s.parentScopeId;
  }
  setIn(x, target, head!, path, value);
}

export function setLocalVariable(x: Exec, scopeId: string, name: string, value: unknown): void {
  const [head, ...path] = name.split(".");
  setIn(x, scopeId, head!, path, value);
}

/** A dotted target (`order.total`) updates a copy of the context value, never the shared original. */
function setIn(x: Exec, scopeId: string, head: string, path: string[], value: unknown): void {
  const vars = scopeVarsW(x, scopeId);
  if (path.length === 0) {
    vars[head] = value;
    return;
  }
  vars[head] = withPath(vars[head], path, value);
}

function withPath(base: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const obj =
    base !== null && typeof base === "object" && !Array.isArray(base) ? { ...(base as Variables) } : {};
  obj[path[0]!] = withPath(obj[path[0]!], path.slice(1), value);
  return obj;
}

export function propagateAll(x: Exec, scopeId: string, vars: Variables | undefined): void {
  if (!vars) return;
  for (const k of Object.keys(vars)) propagateVariable(x, scopeId, k, vars[k]);
}

export type Evaluated<T> = { ok: true; value: T } | { ok: false; expression: string; message: string };

export function evaluate(expression: string, context: Variables): Evaluated<unknown> {
  const r = evaluateFeel(expression, context);
  return r.ok ? { ok: true, value: r.value } : { ok: false, expression, message: r.error };
}

/** Evaluates mappings in order; later mappings see the targets of earlier ones, as in Zeebe. */
export function evaluateMappings(
  mappings: IoMapping[] | undefined,
  context: Variables,
): Evaluated<Variables> {
  const out: Variables = {};
  if (!mappings || mappings.length === 0) return { ok: true, value: out };
  const ctx = { ...context };
  for (const m of mappings) {
    const r = evaluate(m.source, ctx);
    if (!r.ok) return r;
    const [head, ...path] = m.target.split(".");
    out[head!] = withPath(out[head!] ?? ctx[head!], path, r.value);
    ctx[head!] = out[head!];
  }
  return { ok: true, value: out };
}

export function setTokenVars(x: Exec, tokenId: string, vars: Variables | undefined): void {
  tokenW(x, tokenId).vars = vars;
}

/** A FEEL list of strings or a comma separated string, as candidate users/groups are written. */
export function toStringList(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") {
    return value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

export function correlationKeyOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}
