// Process-variable filters for lists (inbox, instances): `amount > 5000 and department = "R&D"`.
// Parsed once into typed clauses, then turned into Prisma terms over the typed variable index
// (VariableIndex: one indexed row per scalar root variable), so a filter is an index lookup per
// candidate row — never a scan of JSON. Inbox and instance lists share this one implementation.
import type { Prisma } from "../../db/generated/client";

export type VariableOp = "=" | "!=" | ">" | ">=" | "<" | "<=" | "contains";
export type VariableValue = string | number | boolean;
export interface VariableFilter {
  name: string;
  op: VariableOp;
  value: VariableValue;
}

export const MAX_VARIABLE_FILTERS = 5;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
const CLAUSE = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(>=|<=|!=|=|>|<|~|contains\b)\s*(.+?)\s*$/i;

function valueOf(text: string): VariableValue | null {
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(text) ?? /^'([^']*)'$/.exec(text);
  if (quoted) return quoted[1]!.replace(/\\(.)/g, "$1");
  if (text === "true" || text === "false") return text === "true";
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  return /^[^\s"'<>=!~]+$/.test(text) ? text : null;
}

/** `amount > 5000 and department = "R&D"` (also `,` or `;` between clauses). Bad clauses are named, never thrown. */
export function parseVariableFilters(text: string | undefined): { filters: VariableFilter[]; problems: string[] } {
  const filters: VariableFilter[] = [];
  const problems: string[] = [];
  if (!text || !text.trim()) return { filters, problems };
  const clauses = text.split(/(?:\s+and\s+|[;,])(?=(?:[^"]*"[^"]*")*[^"]*$)/i).map((c) => c.trim()).filter(Boolean);
  for (const clause of clauses) {
    const m = CLAUSE.exec(clause);
    const value = m ? valueOf(m[3]!) : null;
    if (!m || value === null || !NAME.test(m[1]!)) {
      problems.push(`variables: "${clause.slice(0, 60)}" is not a filter like amount > 5000 or department = "R&D" — ignored`);
      continue;
    }
    const raw = m[2]!.toLowerCase();
    const op: VariableOp = raw === "~" || raw === "contains" ? "contains" : (raw as VariableOp);
    if ((op === "contains") && typeof value !== "string") {
      problems.push(`variables: "${clause.slice(0, 60)}": contains needs text — ignored`);
      continue;
    }
    if (typeof value === "boolean" && op !== "=" && op !== "!=") {
      problems.push(`variables: "${clause.slice(0, 60)}": true/false compare with = or != only — ignored`);
      continue;
    }
    if (filters.length >= MAX_VARIABLE_FILTERS) {
      problems.push(`variables: at most ${MAX_VARIABLE_FILTERS} filters — "${clause.slice(0, 60)}" ignored`);
      continue;
    }
    filters.push({ name: m[1]!, op, value });
  }
  return { filters, problems };
}

export function formatVariableFilters(filters: readonly VariableFilter[]): string {
  return filters.map((f) => `${f.name} ${f.op} ${typeof f.value === "string" ? JSON.stringify(f.value) : String(f.value)}`).join(" and ");
}

const RANGE: Record<">" | ">=" | "<" | "<=", "gt" | "gte" | "lt" | "lte"> = { ">": "gt", ">=": "gte", "<": "lt", "<=": "lte" };

/** The index row a clause needs (for `!=`: the row whose absence it needs). */
function indexRow(f: VariableFilter): Prisma.VariableIndexWhereInput {
  const v = f.value;
  if (f.op === "contains") return { name: f.name, stringValue: { contains: v as string, mode: "insensitive" } };
  if (f.op === "=" || f.op === "!=") {
    if (typeof v === "number") return { name: f.name, numberValue: v };
    if (typeof v === "boolean") return { name: f.name, boolValue: v };
    return { name: f.name, stringValue: v };
  }
  const range = { [RANGE[f.op]]: v };
  // numbers compare as numbers; text (ISO dates, codes) compares as text
  return typeof v === "number" ? { name: f.name, numberValue: range } : { name: f.name, stringValue: range };
}

/** Terms for an instance query (ProcessInstance rows). */
export function instanceVariableTerms(filters: readonly VariableFilter[]): Prisma.ProcessInstanceWhereInput[] {
  return filters.map((f) => (f.op === "!=" ? { NOT: { variableIndex: { some: indexRow(f) } } } : { variableIndex: { some: indexRow(f) } }));
}

/** Terms for a task query (Task rows, through the task's instance). */
export function taskVariableTerms(filters: readonly VariableFilter[]): Prisma.TaskWhereInput[] {
  return instanceVariableTerms(filters).map((t) => ({ instance: t }));
}
