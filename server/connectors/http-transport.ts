// The HTTP connector's default transport (http-connector.ts): node:http / node:https with
// keep-alive agents.
//
// It replaced the global fetch (undici), whose WHATWG layer (Request/Response/Headers objects,
// web streams) cost about a sixth of the worker's CPU under load. It reproduces what fetch did on
// the wire and in the outcome: the same request headers in the same order and spelling (including
// fetch's defaults: accept-language "*", sec-fetch-mode "cors", user-agent "node", accept-encoding
// "gzip, deflate" or "br, gzip, deflate" on https), content-length, redirects followed like fetch
// (up to 20; 301/302 turn POST into GET, 303 turns anything but GET/HEAD into GET; credentials
// dropped on a cross-origin hop), transparent gzip/deflate/br decoding, and the same statuses,
// headers and body text. Differences are in failures only: see sendWithNodeHttp. One difference
// in load: at most 64 connections per origin (undici had no limit); further calls queue in the
// agent, inside their own deadline.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { pipeline, Transform, type Readable, type TransformCallback } from "node:stream";
import zlib from "node:zlib";
import { HEADER_NAME, INVALID_HEADER, tooLarge, type BuiltRequest, type HeaderList } from "./http-request";

/** undici's default idle time for a kept-alive socket; a server's shorter `Keep-Alive: timeout` hint wins (Node's Agent reads it). */
const KEEP_ALIVE_IDLE_MS = 4_000;
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64, timeout: KEEP_ALIVE_IDLE_MS };
const httpAgent = new http.Agent(AGENT_OPTIONS);
const httpsAgent = new https.Agent(AGENT_OPTIONS);

const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** RFC 9110 §9.2.2: safe to send again when a reused keep-alive socket turns out to be closed. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** fetch drops these when a redirect turns the request into a GET. */
const REQUEST_BODY_HEADERS = ["content-encoding", "content-language", "content-location", "content-type"];
/** undici refuses these request headers (the transport owns them). */
const REFUSED_HEADERS = new Set(["transfer-encoding", "keep-alive", "upgrade", "expect"]);
/** What may go on the wire (as undici and Node check): no control characters but tab. */
const WIRE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** A redirect's body is read and dropped (so its socket can be reused) up to this size and time. */
const REDIRECT_BODY_DRAIN_BYTES = 64 * 1024;
const REDIRECT_BODY_DRAIN_MS = 1_000;
const MAX_CONTENT_ENCODINGS = 5;
const ZLIB_LENIENT = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_LENIENT = { flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

export interface Control {
  /** Set once the deadline passed or the caller's signal fired. */
  reason?: "timeout" | "abort";
  /** Tears down the request in flight, if any. */
  cancel?: () => void;
}

interface Hop {
  url: URL;
  method: string;
  headers: HeaderList;
  body: Buffer | undefined;
}

export type Exchange =
  | { kind: "response"; status: number; statusText: string; headers: Record<string, string>; text: string }
  | { kind: "failed"; error: string; retryable: boolean; status?: number }
  | { kind: "aborted"; status?: number };

type HopResult = Exchange | { kind: "redirect"; status: number; location: string } | { kind: "stale" };

/**
 * Sends the request and follows redirects. `status` on a failure is the final response's, when its
 * headers had arrived (as with fetch, where a failure while reading the body kept `res.status`).
 *
 * Where the outcome differs from fetch's (failures only; http-connector.parity.test.ts pins them):
 * - network errors carry Node's code (a server that drops the connection is ECONNRESET where
 *   undici said UND_ERR_SOCKET); without a code the message is just "network error";
 * - failures that fetch reported as "network error: fetch failed" have a precise message (too many
 *   redirects, redirect to a non-http(s) url, too many content-encodings);
 * - request headers that undici refused at send time (a control character in a value, a
 *   content-length that does not match the body, transfer-encoding / keep-alive / upgrade /
 *   expect, a connection value other than close or keep-alive) fail as a wrong call (not
 *   retryable) instead of a retryable network error, as does a method that is not an HTTP token
 *   or is CONNECT/TRACE/TRACK;
 * - a reused keep-alive socket that the server had already closed is retried once on a new socket
 *   for idempotent methods instead of failing (retryable) with ECONNRESET.
 */
export async function sendWithNodeHttp(built: BuiltRequest, ctl: Control, limit: number): Promise<Exchange> {
  const hop: Hop = { url: built.url, method: built.method, headers: built.headers, body: built.body === undefined ? undefined : Buffer.from(built.body, "utf8") };
  for (let redirects = 0; ; ) {
    const wire = wireHeaders(hop);
    if (typeof wire === "string") return { kind: "failed", error: wire, retryable: false };
    let r = await exchange(hop, wire, ctl, limit, true);
    if (r.kind === "stale") r = await exchange(hop, wire, ctl, limit, false);
    if (r.kind === "stale") return { kind: "failed", error: "network error: ECONNRESET", retryable: true }; // not reached: the retry never reports stale
    if (r.kind !== "redirect") return r;

    // What fetch does (WHATWG Fetch, "HTTP-redirect fetch"), in its order.
    let location = r.location;
    // Header values arrive as Latin-1; a raw UTF-8 Location is decoded as fetch does.
    if (/[^\0-\x7f]/.test(location)) location = Buffer.from(location, "latin1").toString("utf8");
    let next: URL;
    try {
      next = new URL(location, hop.url);
    } catch {
      return { kind: "failed", error: "network error: ERR_INVALID_URL", retryable: true };
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") return { kind: "failed", error: "network error: redirect to a url that is not http(s)", retryable: true };
    if (redirects === MAX_REDIRECTS) return { kind: "failed", error: "network error: too many redirects", retryable: true };
    redirects += 1;
    if (next.username !== "" || next.password !== "") return { kind: "failed", error: "network error: redirect to a url with credentials", retryable: true };
    if (((r.status === 301 || r.status === 302) && hop.method === "POST") || (r.status === 303 && hop.method !== "GET" && hop.method !== "HEAD")) {
      hop.method = "GET";
      hop.body = undefined;
      for (const name of REQUEST_BODY_HEADERS) hop.headers.delete(name);
    }
    if (next.origin !== hop.url.origin) {
      for (const name of ["authorization", "proxy-authorization", "cookie", "host"]) hop.headers.delete(name);
    }
    hop.url = next;
  }
}

/**
 * The request head as fetch (undici) writes it: host and connection first, the caller's headers in
 * order and spelling, then fetch's defaults and the content-length. A string is an error message.
 */
function wireHeaders(hop: Hop): string[] | string {
  const { url, method, headers, body } = hop;
  const out: string[] = ["host", url.host, "connection", ""];
  // undici closes the connection after a HEAD: a server that wrongly sends a body would otherwise
  // corrupt the next response on the socket.
  let connection = method === "HEAD" ? "close" : "keep-alive";
  const range = headers.has("range");
  for (const [key, { name, value }] of headers.entries) {
    // fetch ignores a caller's Host; undici checks Content-Length against a body (parseInt, as it
    // does) and takes Connection as an instruction.
    if (key === "host") continue;
    if (key === "content-length") {
      if (body !== undefined && parseInt(value, 10) !== body.length) return "the content-length header does not match the body";
      continue;
    }
    if (key === "connection") {
      const v = value.toLowerCase();
      if (v === "close") connection = "close";
      else if (v !== "keep-alive") return "the connection header can only be close or keep-alive";
      continue;
    }
    if (REFUSED_HEADERS.has(key)) return `the ${key} header cannot be set on a service call`;
    if (!WIRE_HEADER_VALUE.test(value)) return INVALID_HEADER;
    if (key === "sec-fetch-mode") out.push(key, "cors");
    else if (key === "accept-encoding" && range) out.push(name, `${value}, identity`);
    else out.push(name, value);
  }
  out[3] = connection;
  if (!headers.has("accept-language")) out.push("accept-language", "*");
  if (!headers.has("sec-fetch-mode")) out.push("sec-fetch-mode", "cors");
  if (!headers.has("user-agent")) out.push("user-agent", "node");
  if (!headers.has("accept-encoding")) out.push("accept-encoding", range ? "identity" : url.protocol === "https:" ? "br, gzip, deflate" : "gzip, deflate");
  if (body !== undefined) out.push("content-length", String(body.length));
  else if (method === "POST" || method === "PUT" || method === "PATCH") out.push("content-length", "0");
  return out;
}

function validMethod(method: string): boolean {
  return HEADER_NAME.test(method) && method !== "CONNECT" && method !== "TRACE" && method !== "TRACK";
}

/** One request/response on one socket. Resolves (never rejects) once the outcome is known. */
function exchange(hop: Hop, wire: string[], ctl: Control, limit: number, mayBeStale: boolean): Promise<HopResult> {
  return new Promise<HopResult>((resolve) => {
    if (ctl.reason) return resolve({ kind: "aborted" });
    if (!validMethod(hop.method)) return resolve({ kind: "failed", error: "the method is not a valid HTTP method", retryable: false });
    const secure = hop.url.protocol === "https:";
    const host = hop.url.hostname;
    const hostname = host.startsWith("[") ? host.slice(1, -1) : host;
    const options: https.RequestOptions = {
      hostname,
      port: hop.url.port || (secure ? 443 : 80),
      method: hop.method,
      path: hop.url.pathname + hop.url.search,
      headers: wire,
      agent: secure ? httpsAgent : httpAgent,
    };
    // SNI takes a host name, never an IP address (what https.request derives from the Host header).
    if (secure) options.servername = net.isIP(hostname) ? "" : hostname;

    let settled = false;
    let status: number | undefined;
    let res: http.IncomingMessage | undefined;
    let body: Readable | undefined;
    const settle = (r: HopResult) => {
      if (settled) return;
      settled = true;
      ctl.cancel = undefined;
      resolve(r);
    };
    let req: http.ClientRequest;
    const destroy = () => {
      req.destroy();
      res?.destroy();
      if (body !== res) body?.destroy();
    };
    const failed = (err: unknown) => {
      settle({ kind: "failed", error: describeNodeError(err), retryable: true, ...(status === undefined ? {} : { status }) });
      destroy();
    };
    try {
      req = (secure ? https : http).request(options);
    } catch (err) {
      // Only reachable for something the checks above let through; undici failed those at send time too.
      return resolve({ kind: "failed", error: describeNodeError(err), retryable: true });
    }
    ctl.cancel = () => {
      settle({ kind: "aborted", ...(status === undefined ? {} : { status }) });
      destroy();
    };
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (mayBeStale && res === undefined && req.reusedSocket && (err.code === "ECONNRESET" || err.code === "EPIPE") && IDEMPOTENT_METHODS.has(hop.method)) {
        settle({ kind: "stale" });
      } else failed(err);
    });
    req.on("response", (r: http.IncomingMessage) => {
      res = r;
      r.on("error", failed);
      if (settled) return void r.destroy();
      const st = r.statusCode ?? 0;
      const headers = responseHeaders(r.rawHeaders);
      const location = headers.location;
      if (location !== undefined && REDIRECT_STATUSES.has(st)) {
        settle({ kind: "redirect", status: st, location });
        discard(r);
        return;
      }
      status = st;
      const nullBody = hop.method === "HEAD" || NULL_BODY_STATUSES.has(st);
      if (!nullBody) {
        const declared = Number(headers["content-length"]);
        if (Number.isFinite(declared) && declared > limit) {
          settle({ kind: "failed", error: tooLarge(limit), retryable: false, status: st });
          return destroy();
        }
      }
      body = r;
      const coding = headers["content-encoding"];
      if (!nullBody && coding) {
        const decoders = decodersFor(coding);
        if (decoders === undefined) {
          // fetch rejected before returning the response: no status.
          status = undefined;
          return failed(new CodedError("too many content-encodings"));
        }
        if (decoders.length > 0) {
          body = pipeline([r, ...decoders], (err) => {
            if (err) failed(err);
          }) as unknown as Readable;
          body.on("error", failed);
        }
      }
      const chunks: Buffer[] = [];
      let size = 0;
      body.on("data", (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > limit) {
          settle({ kind: "failed", error: tooLarge(limit), retryable: false, status: st });
          return destroy();
        }
        chunks.push(chunk);
      });
      body.on("end", () => {
        const text = size === 0 ? "" : Buffer.concat(chunks, size).toString("utf8");
        settle({ kind: "response", status: st, statusText: r.statusMessage ?? "", headers, text });
      });
      // A connection lost mid-body: Node reports it as an 'error' (ECONNRESET) on r, but be sure.
      r.on("close", () => {
        if (!r.complete) failed(new CodedError("ECONNRESET"));
      });
    });
    req.end(hop.body);
  });
}

/** Reads and drops a redirect's body so the socket can go back to the pool, or closes it. */
function discard(res: http.IncomingMessage): void {
  let seen = 0;
  const drop = () => res.destroy();
  const timer = setTimeout(drop, REDIRECT_BODY_DRAIN_MS);
  timer.unref();
  res.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > REDIRECT_BODY_DRAIN_BYTES) drop();
  });
  res.on("close", () => clearTimeout(timer));
}

/** Response headers as fetch's Headers iterated: names lower-cased and sorted, repeats joined, the last Set-Cookie. */
function responseHeaders(raw: string[]): Record<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const prev = map.get(name);
    map.set(name, prev === undefined || name === "set-cookie" ? raw[i + 1] : `${prev}${name === "cookie" ? "; " : ", "}${raw[i + 1]}`);
  }
  const out: Record<string, string> = {};
  for (const name of [...map.keys()].sort()) out[name] = map.get(name) as string;
  return out;
}

/** fetch's decoders for a Content-Encoding (last applied, first undone); [] leaves the body as sent. */
function decodersFor(contentEncoding: string): Transform[] | undefined {
  const codings = contentEncoding.toLowerCase().split(",");
  if (codings.length > MAX_CONTENT_ENCODINGS) return undefined;
  const decoders: Transform[] = [];
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = codings[i].trim();
    if (coding === "gzip" || coding === "x-gzip") decoders.push(zlib.createGunzip(ZLIB_LENIENT));
    else if (coding === "deflate") decoders.push(new Inflate());
    else if (coding === "br") decoders.push(zlib.createBrotliDecompress(BROTLI_LENIENT));
    else return []; // an unknown coding: fetch hands over the body undecoded
  }
  return decoders;
}

/** "deflate" is zlib-wrapped per the RFC but raw in practice from some servers; like undici, sniff the first byte. */
class Inflate extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inner) {
      if (chunk.length === 0) return callback();
      this.inner = (chunk[0] & 0x0f) === 0x08 ? zlib.createInflate(ZLIB_LENIENT) : zlib.createInflateRaw(ZLIB_LENIENT);
      this.inner.on("data", (d: Buffer) => this.push(d));
      this.inner.on("error", (err) => this.destroy(err));
    }
    this.inner.write(chunk, callback);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner) return callback();
    this.inner.once("end", () => callback());
    this.inner.end();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    callback(err);
  }
}

class CodedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * Names a node:http failure by its code only: Node's messages can name the host (getaddrinfo
 * ENOTFOUND <host>, TLS altname errors), which may be a secret.
 */
function describeNodeError(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] } | undefined;
  const code = [e?.code, e?.cause?.code, ...(Array.isArray(e?.errors) ? e.errors.map((x) => x?.code) : [])].find((c) => typeof c === "string");
  return code ? `network error: ${code as string}` : "network error";
}
