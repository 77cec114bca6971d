// Camunda 7's typed variable values (`{ "x": { "value": 1, "type": "Integer", "valueInfo": {} } }`)
// to Baton's JSON variables and back. Baton keeps JSON only: a Date becomes an ISO 8601 string,
// Json and Object (application/json) become JSON values; Bytes, File and Java-serialized Objects
// have no JSON form and are refused with a message naming the variable.
import { z } from "zod";
import { invalidRequest } from "./errors";

export const ZTypedValue = z.object({
  value: z.unknown().optional(),
  type: z.string().nullish(),
  valueInfo: z.record(z.string(), z.unknown()).nullish(),
});
export type TTypedValue = { value: unknown; type: string; valueInfo: Record<string, unknown> };
export const ZTypedVariables = z.record(z.string(), ZTypedValue);
export type TTypedVariables = z.infer<typeof ZTypedVariables>;

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const SHORT_MIN = -(2 ** 15);
const SHORT_MAX = 2 ** 15 - 1;

function fail(name: string, type: string, why: string): never {
  throw invalidRequest(`Cannot convert value of variable '${name}' to type ${type}: ${why}`);
}

function toNumber(name: string, type: string, v: unknown): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isFinite(n)) fail(name, type, `${JSON.stringify(v)} is not a number`);
  return n;
}

function toInteger(name: string, type: string, v: unknown, min: number, max: number): number {
  const n = toNumber(name, type, v);
  if (!Number.isInteger(n)) fail(name, type, `${n} is not a whole number`);
  if (n < min || n > max) fail(name, type, `${n} is out of range [${min}, ${max}]`);
  return n;
}

function parseJsonText(name: string, type: string, v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    fail(name, type, "the value is not valid JSON text");
  }
}

/** Camunda 7 writes dates as `2024-01-31T09:00:00.000+0100`; Baton keeps them as ISO 8601 strings in UTC. */
function toIsoDate(name: string, v: unknown): string {
  if (typeof v !== "string") fail(name, "Date", "expected a string like 2024-01-31T09:00:00.000+0000");
  const normalized = v.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(normalized);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(ms)) fail(name, "Date", `${JSON.stringify(v)} is not a date like 2024-01-31T09:00:00.000+0000`);
  return new Date(ms).toISOString();
}

/** An untyped value (`type` absent) keeps its JSON value, as Camunda 7 infers the type from it. */
export function fromTypedValue(name: string, tv: z.infer<typeof ZTypedValue>): unknown {
  const value = tv.value ?? null;
  const type = (tv.type ?? "").toLowerCase();
  switch (type) {
    case "":
      return value;
    case "null":
      return null;
    case "string":
      if (value === null) return null;
      if (typeof value !== "string") fail(name, "String", "expected a string");
      return value;
    case "boolean":
      if (value === null) return null;
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      return fail(name, "Boolean", "expected true or false");
    case "integer":
      return value === null ? null : toInteger(name, "Integer", value, INT_MIN, INT_MAX);
    case "short":
      return value === null ? null : toInteger(name, "Short", value, SHORT_MIN, SHORT_MAX);
    case "long":
      return value === null ? null : toInteger(name, "Long", value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case "double":
      return value === null ? null : toNumber(name, "Double", value);
    case "date":
      return value === null ? null : toIsoDate(name, value);
    case "json":
      return value === null ? null : parseJsonText(name, "Json", value);
    case "object": {
      const format = String(tv.valueInfo?.serializationDataFormat ?? "application/json");
      if (format !== "application/json") {
        fail(name, "Object", `serializationDataFormat ${format} is not supported; Baton stores JSON only (use application/json or type Json)`);
      }
      return value === null ? null : parseJsonText(name, "Object", value);
    }
    case "xml":
      if (value === null) return null;
      if (typeof value !== "string") fail(name, "Xml", "expected the XML as a string");
      return value;
    case "bytes":
    case "file":
      return fail(name, tv.type!, "Baton stores variables as JSON; send the content as a String (e.g. base64) or store it elsewhere and pass a reference");
    default:
      return fail(name, tv.type!, "unknown value type; Baton understands Null, String, Boolean, Short, Integer, Long, Double, Date, Json, Object (application/json) and Xml");
  }
}

export function fromTypedVariables(vars: TTypedVariables | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, tv] of Object.entries(vars ?? {})) out[name] = fromTypedValue(name, tv);
  return out;
}

export function toTypedValue(value: unknown): TTypedValue {
  if (value === null || value === undefined) return { type: "Null", value: null, valueInfo: {} };
  if (typeof value === "boolean") return { type: "Boolean", value, valueInfo: {} };
  if (typeof value === "string") return { type: "String", value, valueInfo: {} };
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return { type: "Double", value, valueInfo: {} };
    return { type: value >= INT_MIN && value <= INT_MAX ? "Integer" : "Long", value, valueInfo: {} };
  }
  // Objects and lists: Camunda 7's Json type carries them as JSON text.
  return { type: "Json", value: JSON.stringify(value), valueInfo: {} };
}

export function toTypedVariables(vars: Record<string, unknown>): Record<string, TTypedValue> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, toTypedValue(v)]));
}
