// fast-check arbitraries for the route fuzz test (server/http/route-fuzz.test.ts): hostile
// strings, JSON values and raw bodies, and values shaped like an OpenAPI (JSON Schema) type
// with bad values mixed in, so requests get past the first check and reach deeper code.
import fc from "fast-check";
import { MAX_BODY_DEPTH, MAX_JSON_DEPTH } from "../input-limits";

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
};

/** Text PostgreSQL, JSON or a parser chokes on, and text that looks like something else. */
const HOSTILE = [
  "\u0000", "a\u0000b", "\ud800", "x\udc00", "\ud83d", "\u0001", "\u001f", "\u007f", "\u202e", "\ufeff", "\uffff",
  "%00", "%", "%zz", "", " ", "\n", "\t", "../../etc/passwd", "null", "undefined", "[]", "{}", "0", "-1", "1e309",
  "NaN", "9".repeat(30), "-9223372036854775809", "true", "<x/>", "&#0;", "${1}", "{{secrets.X}}", "'; DROP TABLE x;--",
  "💥", "e\u0301", "ﷺ", "a".repeat(300), "ß".repeat(2000),
];

/** A string that must never be a 500, wherever it goes. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("\u0000", "\ud800", "\udfff", "a", "/", "%", "\u0085"), maxLength: 8 }) },
);

/** Nested arrays/objects around a leaf, `depth` levels: near the limits on both sides. */
export function nested(depth: number, leaf: unknown = 1, kind: "array" | "object" = "array"): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = kind === "array" ? [v] : { a: v };
  return v;
}

const deepValue = fc
  .tuple(fc.constantFrom(MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, MAX_BODY_DEPTH + 1, 200), fc.constantFrom<"array" | "object">("array", "object"))
  .map(([d, kind]) => nested(d, "x", kind));

/** Any JSON value a client might send instead of the right one. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepValue },
);

/** Bodies that are not what any route expects, as raw text (some are not JSON at all). */
export const hostileRawBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "null", "[]", "[1,2]", '"x"', "1", "true", "{", "}", "{\"a\":", "\u0000", '{"a":"\\u0000"}', '{"\\u0000":1}', '{"a":"\\ud800"}',
    `${"[".repeat(5_000)}${"]".repeat(5_000)}`, `${"[".repeat(100_000)}1${"]".repeat(100_000)}`, `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`,
    '{"variables":' + `${"[".repeat(100_000)}${"]".repeat(100_000)}` + "}", "<?xml version=\"1.0\"?><x/>", "a=b&c=d", " ", "\ufeff{}",
    '{"__proto__":{"x":1},"constructor":{"prototype":{}}}',
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/** A valid-looking value of a JSON Schema type, drawing strings from ids that exist. */
function validFor(schema: JsonSchema, ids: readonly string[]): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validFor(s, ids)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return fc.constantFrom(...ids, "x");
    case "integer":
    case "number": {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -5);
      const max = Math.min(schema.maximum ?? 1_000, min + 100_000);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(schema.items ? withBad(schema.items, ids) : hostileValue, { maxLength: 3 });
    case "object":
      if (!schema.properties) return fc.dictionary(fc.oneof(fc.constantFrom("x", "amount", "approved"), hostileString), withBad({}, ids), { maxKeys: 3 });
      return fc.record(Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, withBad(s, ids)])), { requiredKeys: [] });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Mostly valid, sometimes hostile: one bad field among good ones is what reaches the commands. */
export function withBad(schema: JsonSchema, ids: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: validFor(schema, ids) }, { weight: 1, arbitrary: hostileValue });
}

/** A query or path value as text: valid-looking for its schema, or hostile. */
export function textFor(schema: JsonSchema, ids: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: validFor(schema, ids).map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? "")) },
    { weight: 2, arbitrary: hostileString },
  );
}

export type FuzzBody = { kind: "none" } | { kind: "json"; value: unknown } | { kind: "raw"; text: string };

/** A request body for a route whose JSON body has `schema` (undefined: any object). */
export function bodyFor(schema: JsonSchema | undefined, ids: readonly string[]): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ kind: "none" }) },
    { weight: 4, arbitrary: withBad(schema ?? { type: "object" }, ids).map((value): FuzzBody => ({ kind: "json", value })) },
    { weight: 2, arbitrary: hostileRawBody.map((text): FuzzBody => ({ kind: "raw", text })) },
  );
}

/**
 * Bodies for the Camunda surfaces, which publish no schema here: objects over the field names
 * their routes read, with typed (Camunda 7) and plain variables.
 */
export function camundaBody(ids: readonly string[]): fc.Arbitrary<FuzzBody> {
  const field = (names: string[]) => fc.constantFrom(...names);
  const c7Typed = fc.record({ value: fc.oneof(hostileValue, fc.constantFrom(...ids)), type: fc.oneof(fc.constantFrom("String", "Json", "Object", "Integer", "Long", "Double", "Date", "Boolean", "Bytes", "Null", "Xml"), hostileString) }, { requiredKeys: [] });
  const variables = fc.oneof(
    fc.dictionary(fc.oneof(fc.constantFrom("x", "approved"), hostileString), fc.oneof(c7Typed, hostileValue), { maxKeys: 3 }),
    hostileValue,
  );
  const value = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...ids, "approval", "c8-flaky-p", "c7-orders") }, { weight: 2, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.integer({ min: -1, max: 100_000 }) });
  const object = fc.dictionary(
    field([
      "businessKey", "userId", "processDefinitionId", "processDefinitionKey", "processDefinitionVersion", "assignee", "allowOverride", "action",
      "name", "messageName", "correlationKey", "correlationKeys", "processInstanceId", "workerId", "maxTasks", "topics", "lockDuration",
      "asyncResponseTimeout", "errorMessage", "errorDetails", "retries", "retryTimeout", "errorCode", "newDuration", "type", "worker",
      "timeout", "maxJobsToActivate", "requestTimeout", "fetchVariable", "tenantId", "retryBackOff", "changeset", "operationReference",
      "filter", "page", "sort", "awaitCompletion", "fetchVariables", "withVariablesInReturn", "timeToLive", "messageId", "all", "resultEnabled",
    ]),
    value,
    { maxKeys: 5 },
  );
  const withVariables = fc.tuple(object, field(["variables", "processVariables", "localVariables"]), variables).map(([o, k, v]) => ({ ...o, [k]: v }));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ kind: "none" }) },
    { weight: 4, arbitrary: fc.oneof(object, withVariables).map((value): FuzzBody => ({ kind: "json", value })) },
    { weight: 2, arbitrary: hostileRawBody.map((text): FuzzBody => ({ kind: "raw", text })) },
  );
}
