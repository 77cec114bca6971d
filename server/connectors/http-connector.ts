// Executes one evaluated HTTP call (the `callService` effect's HttpCall, secrets already resolved)
// and classifies the result for the job handler: success, retryable failure, or final failure.
//
// Error messages never contain the URL, headers or body of the request: they may carry resolved
// secrets. Response bodies are returned as received; the caller redacts before storing them in an
// incident (see redactSecrets).
import type { HttpCall } from "../../engine/runtime/effects";

export type HttpAuth = { type: "bearer"; token: string } | { type: "basic"; username: string; password: string };

export type HttpCallInput = HttpCall & {
  query?: Record<string, string>;
  auth?: HttpAuth;
  /** Camunda-style split timeouts; see effectiveTimeoutMs for how they combine with timeoutMs. */
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
};

export type HttpOutcome =
  | { ok: true; status: number; headers: Record<string, string>; body: unknown }
  | {
      ok: false;
      retryable: boolean;
      status?: number;
      error: string;
      body?: unknown;
      headers?: Record<string, string>;
      /** From Retry-After on 429/503: how long the server asked us to wait. */
      retryAfterMs?: number;
    };

export interface HttpOptions {
  fetchImpl?: typeof fetch;
  /** Aborting it (e.g. worker shutdown) ends the request as a retryable failure. */
  signal?: AbortSignal;
  /** Clock for Retry-After given as an HTTP date. */
  now?: () => number;
  /** Responses larger than this fail (not retryable) instead of filling the worker's memory. */
  maxResponseBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Upper bound of the backoff ceiling (full jitter draws below it). */
export const MAX_BACKOFF_MS = 5 * 60_000;
/** A Retry-After longer than this is clamped: a misbehaving server should not park a job for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * fetch has one deadline for the whole exchange (connect, send, headers and body), not separate
 * connect and read timeouts. So of `timeoutMs`, `connectTimeoutMs` and `readTimeoutMs`, the
 * smallest one given bounds the whole request; 30 s when none is.
 */
export function effectiveTimeoutMs(call: Pick<HttpCallInput, "timeoutMs" | "connectTimeoutMs" | "readTimeoutMs">): number {
  const given = [call.timeoutMs, call.connectTimeoutMs, call.readTimeoutMs].filter(
    (v): v is number => typeof v === "number" && Number.isFinite(v) && v > 0,
  );
  return given.length > 0 ? Math.min(...given) : DEFAULT_TIMEOUT_MS;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * a uniform draw in [0, min(cap, base·2^attempt)). Spreading retries over the whole window avoids
 * every failed job hitting a recovering service at the same instant. `attempt` starts at 0.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const a = Math.max(0, Math.floor(attempt));
  const ceiling = Math.min(MAX_BACKOFF_MS, Math.max(0, baseMs) * 2 ** a);
  return Math.floor(random() * ceiling);
}

/** The delay before the next attempt: the server's Retry-After when it asked for longer than our draw. */
export function nextRetryDelayMs(outcome: HttpOutcome, attempt: number, baseMs: number, random: () => number = Math.random): number {
  const jitter = retryDelayMs(attempt, baseMs, random);
  const asked = outcome.ok ? undefined : outcome.retryAfterMs;
  return asked === undefined ? jitter : Math.max(jitter, asked);
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when unusable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - nowMs);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** 408, 429 and 5xx may succeed later; any other 4xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function fail(error: string, retryable = false): HttpOutcome {
  return { ok: false, retryable, error };
}

const NO_BODY_METHODS = new Set(["GET", "HEAD"]);

function isJsonType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mime = contentType.split(";")[0].trim().toLowerCase();
  return mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));
}

/** Builds URL, headers and body; a string is an error message (not retryable: the call is wrong). */
function buildRequest(call: HttpCallInput): { url: URL; init: RequestInit } | string {
  let url: URL;
  try {
    url = new URL(call.url);
  } catch {
    return "the url is not a valid absolute URL";
  }
  // fetch would also accept data: and blob: URLs; a connector only talks HTTP.
  if (url.protocol !== "http:" && url.protocol !== "https:") return `the url must use http or https, not ${url.protocol}`;
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.append(k, v);

  const method = call.method.toUpperCase();
  let headers: Headers;
  try {
    headers = new Headers(call.headers);
  } catch {
    return "a header name or value is not valid HTTP (no line breaks or non-ASCII names)";
  }
  // auth wins over a hand-written Authorization header: it is the more specific setting.
  if (call.auth?.type === "bearer") headers.set("authorization", `Bearer ${call.auth.token}`);
  if (call.auth?.type === "basic") {
    headers.set("authorization", `Basic ${Buffer.from(`${call.auth.username}:${call.auth.password}`, "utf8").toString("base64")}`);
  }

  let body: string | undefined;
  const b = call.body;
  if (b !== undefined && b !== null && b !== "") {
    if (NO_BODY_METHODS.has(method)) return `a ${method} request cannot have a body; use POST/PUT/PATCH or remove the body`;
    const type = headers.get("content-type")?.split(";")[0].trim().toLowerCase();
    if (typeof b === "string") {
      body = b;
      if (!type) headers.set("content-type", "text/plain; charset=utf-8");
    } else if (type === "application/x-www-form-urlencoded" && typeof b === "object" && !Array.isArray(b)) {
      body = new URLSearchParams(Object.entries(b).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])).toString();
    } else {
      body = JSON.stringify(b);
      if (!type) headers.set("content-type", "application/json");
    }
  }
  if (!headers.has("accept")) headers.set("accept", "application/json, text/plain;q=0.9, */*;q=0.8");
  return { url, init: { method, headers, body } };
}

class TooLargeError extends Error {}

async function readText(res: Response, limit: number): Promise<string> {
  if (!res.body) return "";
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body.cancel();
    throw new TooLargeError();
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new TooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string, contentType: string | null): unknown {
  if (!isJsonType(contentType)) return text;
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    // A server that mislabels its body should not turn a success into a failure; keep the text.
    return text;
  }
}

function headerRecord(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** Names the network failure without repeating the target (it may contain a secret). */
function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  const code = cause && typeof cause === "object" && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
  if (code) return `network error: ${code}`;
  return `network error: ${err instanceof Error ? err.message : String(err)}`;
}

/** Performs the call. Never throws: every failure is an outcome with `retryable` decided. */
export async function executeHttpCall(call: HttpCallInput, opts: HttpOptions = {}): Promise<HttpOutcome> {
  const built = buildRequest(call);
  if (typeof built === "string") return fail(built);
  const timeoutMs = effectiveTimeoutMs(call);
  const now = opts.now ?? Date.now;
  const limit = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  // One controller fed by both the deadline and the caller's signal. Forwarding by hand (rather
  // than AbortSignal.any) lets us detach from a long-lived shutdown signal after every request.
  const controller = new AbortController();
  let timedOut = false;
  const handle = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forward = () => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  opts.signal?.addEventListener("abort", forward, { once: true });
  const signal = controller.signal;
  const whyAborted = (): string => (timedOut ? `timed out after ${timeoutMs} ms` : "aborted before the response arrived (e.g. worker shutdown)");

  try {
    let res: Response;
    try {
      res = await (opts.fetchImpl ?? fetch)(built.url, { ...built.init, signal });
    } catch (err) {
      return fail(signal.aborted ? whyAborted() : describeNetworkError(err), true);
    }
    let text: string;
    try {
      text = await readText(res, limit);
    } catch (err) {
      if (err instanceof TooLargeError) return { ...fail(`response body exceeds ${limit} bytes`), status: res.status };
      return { ...fail(signal.aborted ? whyAborted() : describeNetworkError(err), true), status: res.status };
    }
    const headers = headerRecord(res.headers);
    const body = parseBody(text, res.headers.get("content-type"));
    if (res.ok) return { ok: true, status: res.status, headers, body };

    const outcome: HttpOutcome = {
      ok: false,
      retryable: isRetryableStatus(res.status),
      status: res.status,
      error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
      body,
      headers,
    };
    if (res.status === 429 || res.status === 503) {
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), now());
      if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs;
    }
    return outcome;
  } finally {
    clearTimeout(handle);
    opts.signal?.removeEventListener("abort", forward);
  }
}
