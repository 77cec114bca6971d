// The node:http transport must behave like the global fetch it replaced. Each scenario runs twice
// against the same local server, once through fetch (`fetchImpl`) and once through the default
// transport, and compares the outcome and the request as the server received it (method, target,
// header names in their spelling and order, body). Failures where the two are known to word the
// error differently are pinned at the end.
import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeHttpCall, type HttpCallInput, type HttpOptions, type HttpOutcome } from "./http-connector";
import { json, startTestServer, type Handler, type Received, type TestServer } from "./test-server";

let srv: TestServer;
let other: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
  other = await startTestServer();
});
afterAll(async () => {
  await srv.close();
  await other.close();
});

const call = (over: Partial<HttpCallInput> = {}): HttpCallInput => ({ kind: "http", method: "GET", url: `${srv.url}/x`, headers: {}, ...over });

/** The date header changes between the two runs; everything else must match. */
function comparable(out: HttpOutcome): HttpOutcome {
  if (!out.headers) return out;
  const headers = { ...out.headers };
  delete headers.date;
  return { ...out, headers };
}
const sent = (r: Received) => ({ method: r.method, url: r.url, rawHeaders: r.rawHeaders, body: r.body });

interface Run {
  out: HttpOutcome;
  received: ReturnType<typeof sent>[];
}

type Opts = HttpOptions | (() => HttpOptions);

/** Runs `c` through both transports; handlers (and options) are factories so each run starts afresh. */
async function both(handler: () => Handler, c: HttpCallInput, opts: Opts = {}, otherHandler?: () => Handler): Promise<{ fetch: Run; node: Run }> {
  const run = async (o: HttpOptions): Promise<Run> => {
    srv.handle(handler());
    other.handle(otherHandler ? otherHandler() : (_r, res) => json(res, 500, {}));
    const out = comparable(await executeHttpCall(c, o));
    return { out, received: [...srv.received, ...other.received].map(sent) };
  };
  const options = typeof opts === "function" ? opts : () => opts;
  const viaFetch = await run({ ...options(), fetchImpl: fetch });
  const viaNode = await run(options());
  return { fetch: viaFetch, node: viaNode };
}

async function expectSame(handler: () => Handler, c: HttpCallInput, opts: Opts = {}, otherHandler?: () => Handler): Promise<Run> {
  const r = await both(handler, c, opts, otherHandler);
  expect(r.node).toStrictEqual(r.fetch);
  return r.node;
}

const text =
  (status: number, body: string | Buffer, headers: http.OutgoingHttpHeaders | [string, string][] = {}): (() => Handler) =>
  () =>
  (_r, res) => {
    res.writeHead(status, headers as http.OutgoingHttpHeaders);
    res.end(body);
  };

describe("node:http transport matches fetch", () => {
  it("on plain requests and responses", async () => {
    await expectSame(() => (_r, res) => json(res, 200, { total: 42 }, { "x-trace": "t1" }), call());
    await expectSame(text(200, "hello", { "content-type": "text/plain" }), call());
    await expectSame(text(204, "", { "content-type": "application/json" }), call());
    await expectSame(text(200, "{not json", { "content-type": "application/problem+json" }), call());
    await expectSame(text(200, "\ufeffbom and ünïcode", { "content-type": "text/plain; charset=utf-8" }), call());
  });

  it("on what is sent: methods, bodies, query, auth and header spelling and order", async () => {
    const ok = () => (_r: Received, res: http.ServerResponse) => json(res, 200, {});
    for (const method of ["GET", "HEAD", "DELETE", "OPTIONS", "POST", "PUT", "PATCH", "post", "Patch"]) {
      const r = await expectSame(ok, call({ method }));
      expect(r.received).toHaveLength(1);
    }
    await expectSame(ok, call({ method: "POST", body: { a: [1, "b"], u: "ü" } }));
    await expectSame(ok, call({ method: "PUT", body: "plain wörds" }));
    await expectSame(ok, call({ method: "DELETE", body: { id: 1 } }));
    await expectSame(ok, call({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: { a: "1 2", b: 3 } }));
    await expectSame(ok, call({ url: `${srv.url}/search?fixed=1#frag`, query: { q: "a b&c", page: "2", "ü": "ß" } }));
    await expectSame(ok, call({ auth: { type: "bearer", token: "tok-123" }, headers: { Authorization: "ignored", "X-Z": "z" } }));
    await expectSame(ok, call({ auth: { type: "basic", username: "ann", password: "pä:ss" } }));
    await expectSame(
      ok,
      call({
        method: "POST",
        body: "x",
        headers: {
          "X-Api-Key": "  padded\t",
          "x-dup": "1",
          "X-DUP": "2",
          Cookie: "a=1",
          cookie: "b=2",
          "User-Agent": "Baton-Test/1",
          "Sec-Fetch-Mode": "navigate",
          "Accept-Language": "de",
          Accept: "text/csv",
          "X-Latin1": "caf\u00e9",
        },
      }),
    );
    // fetch ignores a caller's Host and Content-Length, honours Connection, and adds identity for Range.
    await expectSame(ok, call({ method: "POST", body: "abc", headers: { Host: "example.com", "Content-Length": "3", Connection: "close" } }));
    await expectSame(ok, call({ headers: { Range: "bytes=0-1" } }));
    await expectSame(ok, call({ headers: { Range: "bytes=0-1", "Accept-Encoding": "gzip" } }));
    await expectSame(ok, call({ headers: { "Accept-Encoding": "identity", Connection: "keep-alive" } }));
    // A caller's Content-Length is ignored without a body and must parse (parseInt) to the body's length with one.
    for (const cl of ["3", " 3 ", "03", "3, 3"]) await expectSame(ok, call({ method: "PUT", body: "abc", headers: { "Content-Length": cl } }));
    for (const method of ["GET", "DELETE", "POST", "PATCH"]) await expectSame(ok, call({ method, headers: { "content-length": "5" } }));
  });

  it("on statuses, reason phrases, repeated response headers and Retry-After", async () => {
    await expectSame(() => (_r, res) => json(res, 404, { message: "no such order" }), call());
    await expectSame(text(418, "teapot", { "content-type": "text/plain" }), call());
    await expectSame(() => (_r, res) => {
      res.writeHead(500, "Custom Reason", { "content-type": "application/json" });
      res.end("{}");
    }, call());
    await expectSame(() => (_r, res) => json(res, 429, {}, { "retry-after": "7" }), call());
    const now = Date.parse("2030-01-01T00:00:00Z");
    await expectSame(() => (_r, res) => json(res, 503, {}, { "retry-after": "Tue, 01 Jan 2030 00:00:30 GMT" }), call(), { now: () => now });
    await expectSame(
      text(200, "hi", [
        ["Set-Cookie", "a=1"],
        ["X-D", "1"],
        ["set-cookie", "b=2"],
        ["x-d", "2"],
        ["Content-Type", "text/plain"],
        ["Cookie", "c=1"],
        ["cookie", "d=2"],
        ["X-Latin1", "caf\u00e9"],
      ]),
      call(),
    );
  });

  it("on compressed bodies", async () => {
    const payload = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ i, name: `item ${i}` })) });
    const js = { "content-type": "application/json" };
    await expectSame(text(200, zlib.gzipSync(payload), { ...js, "content-encoding": "gzip" }), call());
    await expectSame(text(200, zlib.gzipSync(payload), { ...js, "content-encoding": "x-gzip" }), call());
    await expectSame(text(200, zlib.deflateSync(payload), { ...js, "content-encoding": "deflate" }), call());
    await expectSame(text(200, zlib.deflateRawSync(payload), { ...js, "content-encoding": "deflate" }), call());
    await expectSame(text(200, zlib.brotliCompressSync(payload), { ...js, "content-encoding": "br" }), call());
    await expectSame(text(200, zlib.brotliCompressSync(zlib.gzipSync(payload)), { ...js, "content-encoding": "gzip, br" }), call());
    await expectSame(text(200, "raw", { "content-encoding": "gzip, foo" }), call());
    await expectSame(text(200, zlib.gzipSync("truncated body here").subarray(0, 20), { "content-encoding": "gzip" }), call());
    await expectSame(text(200, "not gzip at all", { "content-encoding": "gzip" }), call());
    // No body to decode on HEAD and 204.
    await expectSame(text(204, "", { "content-encoding": "gzip" }), call());
    await expectSame(text(200, "", { "content-encoding": "gzip" }), call({ method: "HEAD" }));
  });

  it("on response size limits, before and after decoding", async () => {
    const limit = { maxResponseBytes: 1024 };
    await expectSame(text(200, "x".repeat(2048), { "content-type": "text/plain" }), call(), limit);
    await expectSame(() => (_r, res) => {
      res.writeHead(200, { "content-type": "text/plain" }); // chunked: no declared length
      res.write("x".repeat(800));
      res.end("x".repeat(800));
    }, call(), limit);
    await expectSame(text(200, zlib.gzipSync("x".repeat(100_000)), { "content-encoding": "gzip" }), call(), limit);
    await expectSame(text(200, "x".repeat(1024), { "content-type": "text/plain" }), call(), limit);
    // No body, so a large declared length does not matter.
    await expectSame(text(204, "", { "content-length": "99999" }), call(), limit);
    await expectSame(text(200, "", { "content-length": "99999" }), call({ method: "HEAD" }), limit);
  });

  it("on redirects: method and body rewriting, relative targets, chains and cross-origin credentials", async () => {
    const redirectOnce =
      (status: number, location: string): (() => Handler) =>
      () =>
      (r, res) => {
        if (r.url.startsWith("/from")) {
          res.writeHead(status, { location, "content-type": "text/plain" });
          res.end("moved");
        } else json(res, 200, { at: r.url, method: r.method, body: r.body });
      };
    const post = call({ method: "POST", url: `${srv.url}/from`, body: { a: 1 }, headers: { "Content-Language": "de", "X-Keep": "1" } });
    for (const status of [301, 302, 303, 307, 308]) {
      const r = await expectSame(redirectOnce(status, "/to?q=1"), post);
      expect(r.received.map((x) => x.method)).toEqual(["POST", status === 307 || status === 308 ? "POST" : "GET"]);
    }
    for (const method of ["GET", "HEAD", "PUT", "DELETE"]) {
      for (const status of [302, 303]) await expectSame(redirectOnce(status, "../to"), call({ method, url: `${srv.url}/from/a`, ...(method === "PUT" ? { body: "b" } : {}) }));
    }
    // A 3xx without Location is the final response; 300 and 304 are never followed.
    await expectSame(text(302, "x"), call());
    await expectSame(text(300, "choices", { location: "/elsewhere" }), call());
    await expectSame(text(304, "", { location: "/elsewhere" }), call());

    let n = 0;
    const chain = (hops: number) => () => {
      n = 0;
      return ((_r, res) => {
        n += 1;
        if (n <= hops) {
          res.writeHead(302, { location: `/hop${n}` });
          res.end();
        } else json(res, 200, { after: n - 1 });
      }) satisfies Handler;
    };
    expect((await expectSame(chain(20), call())).out).toMatchObject({ ok: true, body: { after: 20 } });

    // Cross-origin: Authorization and Cookie are dropped, other headers kept; same-origin keeps them.
    const toOther = () => ((_r, res) => {
      res.writeHead(307, { location: `${other.url}/landing` });
      res.end();
    }) satisfies Handler;
    const landing = () => ((_r, res) => json(res, 200, {})) satisfies Handler;
    const creds = call({ auth: { type: "bearer", token: "tok" }, headers: { Cookie: "s=1", "X-Keep": "1" } });
    const r = await expectSame(toOther, creds, {}, landing);
    expect(r.received[1].rawHeaders).not.toContain("authorization");
    expect(r.received[1].rawHeaders).toContain("X-Keep");
    await expectSame(redirectOnce(302, "/to"), { ...creds, url: `${srv.url}/from` });
  });

  it("on timeouts and aborts, before and during the body", async () => {
    await expectSame(() => () => undefined, call({ timeoutMs: 150 }));
    await expectSame(() => (_r, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"a":');
    }, call({ readTimeoutMs: 150 }));
    const aborted = new AbortController();
    aborted.abort();
    await expectSame(() => (_r, res) => json(res, 200, {}), call(), { signal: aborted.signal });
    const abortSoon = () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      return { signal: ac.signal };
    };
    const r = await expectSame(() => () => undefined, call({ timeoutMs: 5000 }), abortSoon);
    expect(r.received).toHaveLength(1);
  });

  it("on calls refused before sending", async () => {
    await expectSame(() => (_r, res) => json(res, 200, {}), call({ body: { a: 1 } }));
    await expectSame(() => (_r, res) => json(res, 200, {}), call({ method: "HEAD", body: "x" }));
    await expectSame(() => (_r, res) => json(res, 200, {}), call({ url: "not a url" }));
    await expectSame(() => (_r, res) => json(res, 200, {}), call({ url: "ftp://example.com/x" }));
    await expectSame(() => (_r, res) => json(res, 200, {}), call({ headers: { "bad name": "x" } }));
    await expectSame(() => (_r, res) => json(res, 200, {}), call({ headers: { "x-a": "line\nbreak" } }));
    await expectSame(() => (_r, res) => json(res, 200, {}), call({ headers: { "x-a": "\u20ac" } }));
  });
});

describe("where node:http words a failure differently from fetch (all still failures with the same retry class)", () => {
  /** Both fail, with the same retry class and status; returns the two error messages. */
  async function bothFail(handler: () => Handler, c: HttpCallInput, opts: HttpOptions = {}): Promise<{ fetch: string; node: string }> {
    const r = await both(handler, c, opts);
    expect(r.fetch.out.ok).toBe(false);
    expect(r.node.out.ok).toBe(false);
    if (r.fetch.out.ok || r.node.out.ok) throw new Error("unreachable");
    expect(r.node.out.retryable).toBe(r.fetch.out.retryable);
    expect(r.node.out.status).toBe(r.fetch.out.status);
    expect(r.node.received).toEqual(r.fetch.received);
    return { fetch: r.fetch.out.error, node: r.node.out.error };
  }

  it("a connection dropped before or during the response: ECONNRESET instead of UND_ERR_SOCKET", async () => {
    expect(await bothFail(() => (_r, res) => res.socket?.destroy(), call())).toEqual({ fetch: "network error: UND_ERR_SOCKET", node: "network error: ECONNRESET" });
    const midBody = () => ((_r, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("abc");
      setTimeout(() => res.socket?.destroy(), 20);
    }) satisfies Handler;
    expect(await bothFail(midBody, call())).toEqual({ fetch: "network error: UND_ERR_SOCKET", node: "network error: ECONNRESET" });
  });

  it("redirect loops, non-http targets and too many content-encodings: a precise message instead of 'fetch failed'", async () => {
    const loop = () => ((_r, res) => {
      res.writeHead(302, { location: "/again" });
      res.end();
    }) satisfies Handler;
    expect(await bothFail(loop, call())).toEqual({ fetch: "network error: fetch failed", node: "network error: too many redirects" });
    expect(await bothFail(text(302, "", { location: "ftp://example.com/" }), call())).toEqual({
      fetch: "network error: fetch failed",
      node: "network error: redirect to a url that is not http(s)",
    });
    expect(await bothFail(text(302, "", { location: "http://[bad" }), call())).toEqual({ fetch: "network error: ERR_INVALID_URL", node: "network error: ERR_INVALID_URL" });
    expect(await bothFail(text(200, "x", { "content-encoding": "gzip, gzip, gzip, gzip, gzip, gzip" }), call())).toEqual({
      fetch: "network error: fetch failed",
      node: "network error: too many content-encodings",
    });
  });
});

describe("headers undici refused when sending: a wrong call (not retryable) instead of a retryable network error", () => {
  it.each([
    [{ "Transfer-Encoding": "chunked" }, "UND_ERR_INVALID_ARG", "the transfer-encoding header cannot be set on a service call"],
    [{ "Keep-Alive": "timeout=5" }, "UND_ERR_INVALID_ARG", "the keep-alive header cannot be set on a service call"],
    [{ Upgrade: "websocket" }, "UND_ERR_INVALID_ARG", "the upgrade header cannot be set on a service call"],
    [{ Expect: "100-continue" }, "UND_ERR_NOT_SUPPORTED", "the expect header cannot be set on a service call"],
    [{ Connection: "upgrade" }, "UND_ERR_INVALID_ARG", "the connection header can only be close or keep-alive"],
    [{ "X-Ctl": "a\u0001b" }, "UND_ERR_INVALID_ARG", "a header name or value is not valid HTTP (no line breaks or non-ASCII names)"],
    [{ "Content-Length": "4" }, "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH", "the content-length header does not match the body"],
    [{ "Content-Length": "x" }, "UND_ERR_INVALID_ARG", "the content-length header does not match the body"],
  ])("%o", async (headers, fetchCode, nodeError) => {
    const r = await both(() => (_r, res) => json(res, 200, {}), call({ method: "POST", body: "abc", headers }));
    expect(r.fetch.out).toStrictEqual({ ok: false, retryable: true, error: `network error: ${fetchCode}` });
    expect(r.node.out).toStrictEqual({ ok: false, retryable: false, error: nodeError });
    expect(r.node.received).toEqual([]);
  });
});

describe("methods fetch refused: a wrong call (not retryable) instead of a retryable network error", () => {
  it.each(["CONNECT", "TRACE", "GE T"])("%s", async (method) => {
    const r = await both(() => (_r, res) => json(res, 200, {}), call({ method }));
    expect(r.fetch.out).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/^network error: /) });
    expect(r.node.out).toStrictEqual({ ok: false, retryable: false, error: "the method is not a valid HTTP method" });
    expect(r.fetch.received).toEqual([]);
    expect(r.node.received).toEqual([]);
  });
});
