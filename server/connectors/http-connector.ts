// Executes one evaluated HTTP call (the `callService` effect's HttpCall, secrets already resolved)
// and classifies the result for the job handler: success, retryable failure, or final failure.
//
// Error messages never contain the URL, headers or body of the request: they may carry resolved
// secrets. Response bodies are returned as received; the caller redacts before storing them in an
// incident (see redactSecrets).
//
// Transport: node:http / node:https over keep-alive agents (http-transport.ts), behaving like the
// global fetch that preceded it; a caller-supplied `fetchImpl` still goes through fetch.
import type { HttpCall } from "../../engine/runtime/effects";
import { HeaderList, INVALID_HEADER, tooLarge, type BuiltRequest } from "./http-request";
import { sendWithNodeHttp, type Control } from "./http-transport";

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
  /** Send through this fetch instead of the default node:http transport (tests, custom dispatchers). */
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
 * A call has one deadline for the whole exchange (connect, send, headers, body and any redirects),
 * as fetch had, not separate connect and read timeouts. So of `timeoutMs`, `connectTimeoutMs` and `readTimeoutMs`, the
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
function buildRequest(call: HttpCallInput): BuiltRequest | string {
  let url: URL;
  try {
    url = new URL(call.url);
  } catch {
    return "the url is not a valid absolute URL";
  }
  // fetch would also accept data: and blob: URLs; a connector only talks HTTP.
  if (url.protocol !== "http:" && url.protocol !== "https:") return `the url must use http or https, not ${url.protocol}`;
  // fetch refuses these too, but with a message that repeats the whole URL (password included).
  if (url.username !== "" || url.password !== "") return "the url must not contain a user name or password; use basic auth instead";
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.append(k, v);

  const method = call.method.toUpperCase();
  const headers = new HeaderList();
  try {
    for (const [k, v] of Object.entries(call.headers ?? {})) headers.append(k, v);
    // auth wins over a hand-written Authorization header: it is the more specific setting. (Inside
    // the try: a token with a line break is a wrong call, and fetch's error would have quoted it.)
    if (call.auth?.type === "bearer") headers.set("authorization", `Bearer ${call.auth.token}`);
    if (call.auth?.type === "basic") {
      headers.set("authorization", `Basic ${Buffer.from(`${call.auth.username}:${call.auth.password}`, "utf8").toString("base64")}`);
    }
  } catch {
    return INVALID_HEADER;
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
  return { url, method, headers, body };
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

/** 2xx is success; anything else a failure classified by status, with Retry-After on 429/503. */
function classify(
  status: number,
  statusText: string,
  headers: Record<string, string>,
  body: unknown,
  retryAfter: string | null,
  now: () => number,
): HttpOutcome {
  if (status >= 200 && status <= 299) return { ok: true, status, headers, body };
  const outcome: HttpOutcome = {
    ok: false,
    retryable: isRetryableStatus(status),
    status,
    error: `HTTP ${status}${statusText ? ` ${statusText}` : ""}`,
    body,
    headers,
  };
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(retryAfter, now());
    if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs;
  }
  return outcome;
}

function timeoutOrAbort(timedOut: boolean, timeoutMs: number): string {
  return timedOut ? `timed out after ${timeoutMs} ms` : "aborted before the response arrived (e.g. worker shutdown)";
}

/** Performs the call. Never throws: every failure is an outcome with `retryable` decided. */
export async function executeHttpCall(call: HttpCallInput, opts: HttpOptions = {}): Promise<HttpOutcome> {
  const built = buildRequest(call);
  if (typeof built === "string") return fail(built);
  const timeoutMs = effectiveTimeoutMs(call);
  const now = opts.now ?? Date.now;
  const limit = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (opts.fetchImpl) return executeWithFetch(built, opts.fetchImpl, opts.signal, timeoutMs, limit, now);

  // One deadline for the whole exchange (redirects included), fed like the caller's signal into
  // `stop`, which tears down whatever request is in flight. The listener on the caller's
  // long-lived signal (e.g. worker shutdown) is detached after every call.
  const ctl: Control = {};
  const stop = (reason: "timeout" | "abort") => {
    if (ctl.reason) return;
    ctl.reason = reason;
    ctl.cancel?.();
  };
  const timer = setTimeout(stop, timeoutMs, "timeout");
  const onAbort = () => stop("abort");
  if (opts.signal?.aborted) ctl.reason = "abort";
  else opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const ex = await sendWithNodeHttp(built, ctl, limit);
    if (ex.kind === "response") {
      const body = parseBody(ex.text, ex.headers["content-type"] ?? null);
      return classify(ex.status, ex.statusText, ex.headers, body, ex.headers["retry-after"] ?? null, now);
    }
    const out = ex.kind === "aborted" ? fail(timeoutOrAbort(ctl.reason === "timeout", timeoutMs), true) : fail(ex.error, ex.retryable);
    return ex.status === undefined ? out : { ...out, status: ex.status };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

// ---------------------------------------------------------------------------------------------
// The fetch transport, used when the caller passes `fetchImpl` (tests, or a custom dispatcher).
// ---------------------------------------------------------------------------------------------

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

async function executeWithFetch(
  built: BuiltRequest,
  fetchImpl: typeof fetch,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  limit: number,
  now: () => number,
): Promise<HttpOutcome> {
  // One controller fed by both the deadline and the caller's signal. Forwarding by hand (rather
  // than AbortSignal.any) lets us detach from a long-lived shutdown signal after every request.
  const controller = new AbortController();
  let timedOut = false;
  const handle = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forward = () => controller.abort();
  if (callerSignal?.aborted) controller.abort();
  callerSignal?.addEventListener("abort", forward, { once: true });
  const signal = controller.signal;

  try {
    let res: Response;
    try {
      res = await fetchImpl(built.url, { method: built.method, headers: built.headers.toHeaders(), body: built.body, signal });
    } catch (err) {
      return fail(signal.aborted ? timeoutOrAbort(timedOut, timeoutMs) : describeNetworkError(err), true);
    }
    let text: string;
    try {
      text = await readText(res, limit);
    } catch (err) {
      if (err instanceof TooLargeError) return { ...fail(tooLarge(limit)), status: res.status };
      return { ...fail(signal.aborted ? timeoutOrAbort(timedOut, timeoutMs) : describeNetworkError(err), true), status: res.status };
    }
    const body = parseBody(text, res.headers.get("content-type"));
    return classify(res.status, res.statusText, headerRecord(res.headers), body, res.headers.get("retry-after"), now);
  } finally {
    clearTimeout(handle);
    callerSignal?.removeEventListener("abort", forward);
  }
}
