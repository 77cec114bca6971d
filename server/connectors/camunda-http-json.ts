// Camunda 8 REST connector (`io.camunda:http-json:1`) compatibility, as pure functions:
//   job variables (its inputs)  -> HttpCallInput for executeHttpCall
//   task headers                -> CamundaResultMapping
//   HttpOutcome + mapping       -> complete / BPMN error / fail / incident
//
// Follows Camunda's connector runtime (ConnectorHelper.createOutputVariables/examineErrorExpression):
// - resultVariable receives the whole response `{ status, headers, body }`.
// - resultExpression is FEEL over the response's own fields AND `response` (both spellings work,
//   as in Camunda); it must return a context whose entries become process variables.
// - errorExpression is evaluated after every call, successful or not, over the same context plus
//   `job.retries`; on a failed call the context is `{ error: { code, message, response } }`
//   instead, with `code` the HTTP status as a string ("404"), as Camunda's REST connector sets it.
//   It returns null (no error), `bpmnError(code, message[, variables])` or
//   `jobError(message[, variables[, retries[, retryBackoff]]])`.
// Differences from Camunda, on purpose:
// - A failed call the errorExpression does not map is retried only when retryable (network,
//   timeout, 408, 429, 5xx); Camunda decrements retries for every failure, 4xx included.
// - `error.code` is null for failures without a status (network, timeout) and `error.retryable`
//   is added; Camunda puts exception-specific codes there.
// - connectionTimeoutInSeconds/readTimeoutInSeconds: the smaller bounds the whole request
//   (see effectiveTimeoutMs); 0 means "not set" (30 s), not "no timeout".
// - OAuth client-credentials authentication and the inputs storeResponse, skipEncoding,
//   ignoreNullValues are not supported (an error names them when used).
// Secrets (`{{secrets.X}}`) are left in place here; the caller resolves them on the returned call.
import { z } from "zod";
import { durationToMs } from "../../engine/compiler/timers";
import { evaluateFeel } from "../../engine/expressions/feel";
import type { HttpCallInput, HttpOutcome } from "./http-connector";

export const CAMUNDA_HTTP_JSON_TYPE = "io.camunda:http-json:1";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** A JSON object given either as a context or as a JSON string (a static field in the modeler). */
const StringMap = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v;
    if (v.trim() === "") return undefined;
    try {
      return JSON.parse(v);
    } catch {
      return v; // fails below with a readable message
    }
  },
  z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .transform((r) => Object.fromEntries(Object.entries(r).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])))),
);

const Seconds = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number().nonnegative().optional());

const Auth = z.discriminatedUnion("type", [
  z.object({ type: z.literal("noAuth") }),
  z.object({ type: z.literal("bearer"), token: z.string().min(1, "bearer authentication needs a token") }),
  z.object({ type: z.literal("basic"), username: z.string(), password: z.string() }),
  z.object({
    type: z.literal("apiKey"),
    apiKeyLocation: z.enum(["headers", "query"]).default("headers"),
    name: z.string().min(1, "apiKey authentication needs a name"),
    value: z.string(),
  }),
]);

const Inputs = z.object({
  method: z.string().transform((m) => m.toUpperCase()).pipe(z.enum(METHODS)),
  url: z.string().min(1, "the url is empty"),
  headers: StringMap.optional(),
  queryParameters: StringMap.optional(),
  body: z.unknown().optional(),
  authentication: z.unknown().optional(),
  connectionTimeoutInSeconds: Seconds,
  readTimeoutInSeconds: Seconds,
});

const UNSUPPORTED_INPUTS = ["storeResponse", "skipEncoding", "ignoreNullValues"] as const;

/** Zeebe input targets like `authentication.type` may arrive flat; fold them into one object. */
function authenticationOf(inputs: Record<string, unknown>): unknown {
  const nested = inputs.authentication;
  const flat = Object.entries(inputs).filter(([k]) => k.startsWith("authentication."));
  if (flat.length === 0) return nested;
  const base = nested && typeof nested === "object" ? { ...(nested as Record<string, unknown>) } : {};
  for (const [k, v] of flat) base[k.slice("authentication.".length)] = v;
  return base;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

/** Maps the connector's inputs (the job's variables after input mappings) to an HTTP call. */
export function camundaHttpCall(inputs: Record<string, unknown>): Result<HttpCallInput> {
  const unsupported = UNSUPPORTED_INPUTS.filter((k) => inputs[k] !== undefined && inputs[k] !== null && inputs[k] !== false && inputs[k] !== "false");
  if (unsupported.length > 0) return { ok: false, error: `REST connector input ${unsupported.join(", ")} is not supported by Baton` };
  const parsed = Inputs.safeParse(inputs);
  if (!parsed.success) return { ok: false, error: `REST connector inputs are invalid: ${describe(parsed.error)}` };
  const p = parsed.data;
  const call: HttpCallInput = { kind: "http", method: p.method, url: p.url, headers: { ...p.headers } };
  if (p.queryParameters) call.query = { ...p.queryParameters };
  if (p.body !== undefined && p.body !== null && p.body !== "") call.body = p.body;
  if (p.connectionTimeoutInSeconds) call.connectTimeoutMs = p.connectionTimeoutInSeconds * 1000;
  if (p.readTimeoutInSeconds) call.readTimeoutMs = p.readTimeoutInSeconds * 1000;

  const rawAuth = authenticationOf(inputs);
  if (rawAuth !== undefined && rawAuth !== null) {
    const type = (rawAuth as { type?: unknown }).type;
    if (typeof type === "string" && type.startsWith("oauth")) {
      return { ok: false, error: `REST connector authentication "${type}" is not supported by Baton; use bearer with a token from a secret` };
    }
    const auth = Auth.safeParse(rawAuth);
    if (!auth.success) return { ok: false, error: `REST connector authentication is invalid: ${describe(auth.error)}` };
    const a = auth.data;
    if (a.type === "bearer") call.auth = { type: "bearer", token: a.token };
    else if (a.type === "basic") call.auth = { type: "basic", username: a.username, password: a.password };
    else if (a.type === "apiKey" && a.apiKeyLocation === "query") call.query = { ...call.query, [a.name]: a.value };
    else if (a.type === "apiKey") call.headers[a.name] = a.value;
  }
  return { ok: true, value: call };
}

// ---- task headers -> result mapping -------------------------------------------------------

export interface CamundaResultMapping {
  resultVariable?: string;
  resultExpression?: string;
  errorExpression?: string;
  retries?: number;
  /** From the `retryBackoff` header (ISO duration, e.g. PT30S). */
  retryBackoffMs?: number;
}

/** Reads the connector's task headers. `retries` normally comes from zeebe:taskDefinition; a header overrides it. */
export function camundaResultMapping(headers: Record<string, string>, retries?: number): Result<CamundaResultMapping> {
  const m: CamundaResultMapping = {};
  const nonEmpty = (k: string) => (headers[k]?.trim() ? headers[k].trim() : undefined);
  const rv = nonEmpty("resultVariable");
  if (rv) {
    if (!/^[A-Za-z_][\w]*$/.test(rv)) return { ok: false, error: `resultVariable "${rv}" is not a valid variable name` };
    m.resultVariable = rv;
  }
  const resultExpression = nonEmpty("resultExpression");
  if (resultExpression) m.resultExpression = resultExpression;
  const errorExpression = nonEmpty("errorExpression");
  if (errorExpression) m.errorExpression = errorExpression;
  const r = nonEmpty("retries") ?? (retries === undefined ? undefined : String(retries));
  if (r !== undefined) {
    if (!/^\d+$/.test(r)) return { ok: false, error: `retries "${r}" must be a whole number` };
    m.retries = Number(r);
  }
  const backoff = nonEmpty("retryBackoff");
  if (backoff) {
    const ms = durationToMs(backoff);
    if (ms === undefined) return { ok: false, error: `retryBackoff "${backoff}" must be an ISO 8601 duration such as PT30S` };
    m.retryBackoffMs = ms;
  }
  return { ok: true, value: m };
}

// ---- outcome -> what the job handler does ---------------------------------------------------

export type CamundaOutcome =
  | { kind: "complete"; variables: Record<string, unknown> }
  | { kind: "bpmnError"; code: string; message?: string; variables: Record<string, unknown> }
  | {
      kind: "fail";
      message: string;
      retryable: boolean;
      /** Set by jobError(…, retries): the job's remaining retries. */
      retries?: number;
      retryBackoffMs?: number;
      retryAfterMs?: number;
      variables?: Record<string, unknown>;
    }
  /** An expression is broken: retrying cannot help, an operator must fix the model. */
  | { kind: "incident"; message: string };

// The connector runtime's FEEL functions. They are our own code, so passing them in the context
// is safe; evaluateFeel's JSON-only rule is about process data.
const FEEL_FUNCTIONS = {
  bpmnError: (code: unknown, message?: unknown, variables?: unknown) => ({ errorType: "bpmnError", code, message, variables }),
  jobError: (message: unknown, variables?: unknown, retries?: unknown, retryBackoff?: unknown) => ({
    errorType: "jobError",
    message,
    variables,
    retries,
    retryBackoff,
  }),
};

/** For messages: response data can be large (and is redacted by the caller before storing). */
function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function responseOf(outcome: HttpOutcome): Record<string, unknown> {
  if (outcome.ok) return { status: outcome.status, headers: outcome.headers, body: outcome.body };
  return { status: outcome.status ?? null, headers: outcome.headers ?? {}, body: outcome.body ?? null };
}

function errorContext(outcome: Extract<HttpOutcome, { ok: false }>): Record<string, unknown> {
  return {
    error: {
      code: outcome.status === undefined ? null : String(outcome.status),
      message: outcome.error,
      retryable: outcome.retryable,
      response: responseOf(outcome),
    },
  };
}

type ErrorDecision = { kind: "none" } | Exclude<CamundaOutcome, { kind: "complete" }>;

function examineError(expression: string, context: Record<string, unknown>, mapping: CamundaResultMapping): ErrorDecision {
  const res = evaluateFeel(expression, { ...context, ...FEEL_FUNCTIONS });
  if (!res.ok) return { kind: "incident", message: `errorExpression failed: ${res.error}` };
  const v = res.value;
  if (v === null || (isRecord(v) && Object.keys(v).length === 0)) return { kind: "none" };
  if (!isRecord(v)) return { kind: "incident", message: `errorExpression must return null, bpmnError(…) or jobError(…), not ${show(v)}` };
  const variables = isRecord(v.variables) ? v.variables : {};
  if (v.errorType === "jobError") {
    const out: CamundaOutcome = { kind: "fail", message: String(v.message ?? "jobError"), retryable: true, variables };
    if (typeof v.retries === "number") {
      out.retries = v.retries;
      out.retryable = v.retries > 0;
    }
    // feelin turns a FEEL duration into its ISO text; a plain number is read as milliseconds.
    const backoff = typeof v.retryBackoff === "string" ? durationToMs(v.retryBackoff) : typeof v.retryBackoff === "number" ? v.retryBackoff : undefined;
    out.retryBackoffMs = backoff ?? mapping.retryBackoffMs;
    if (out.retryBackoffMs === undefined) delete out.retryBackoffMs;
    return out;
  }
  // Before Camunda 8.4 the expression returned a plain { code, message } context; still accepted.
  if (v.errorType === "bpmnError" || (v.errorType === undefined && "code" in v)) {
    // Camunda ignores a bpmnError without a code rather than throwing an empty one.
    if (v.code === null || v.code === undefined || String(v.code).trim() === "") return { kind: "none" };
    const out: CamundaOutcome = { kind: "bpmnError", code: String(v.code), variables };
    if (v.message !== null && v.message !== undefined) out.message = String(v.message);
    return out;
  }
  return { kind: "incident", message: `errorExpression returned a context that is neither bpmnError(…) nor jobError(…)` };
}

/**
 * Decides what a finished REST connector call means for the job. `retries` is what the job has
 * left (exposed to errorExpression as `job.retries`, as Camunda does).
 */
export function mapCamundaOutcome(outcome: HttpOutcome, mapping: CamundaResultMapping, retries?: number): CamundaOutcome {
  const job = { retries: retries ?? mapping.retries ?? null };
  const response = responseOf(outcome);
  const context = outcome.ok ? { ...response, response } : errorContext(outcome);

  if (mapping.errorExpression) {
    const decision = examineError(mapping.errorExpression, { ...context, job }, mapping);
    if (decision.kind !== "none") return decision;
  }
  if (!outcome.ok) {
    const out: CamundaOutcome = { kind: "fail", message: outcome.error, retryable: outcome.retryable };
    if (mapping.retryBackoffMs !== undefined) out.retryBackoffMs = mapping.retryBackoffMs;
    if (outcome.retryAfterMs !== undefined) out.retryAfterMs = outcome.retryAfterMs;
    return out;
  }

  const variables: Record<string, unknown> = {};
  if (mapping.resultVariable) variables[mapping.resultVariable] = response;
  if (mapping.resultExpression) {
    const res = evaluateFeel(mapping.resultExpression, context);
    if (!res.ok) return { kind: "incident", message: `resultExpression failed: ${res.error}` };
    if (res.value !== null) {
      if (!isRecord(res.value)) {
        return { kind: "incident", message: `resultExpression must return a context such as {total: response.body.total}, not ${show(res.value)}` };
      }
      Object.assign(variables, res.value);
    }
  }
  return { kind: "complete", variables };
}
