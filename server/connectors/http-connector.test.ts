import { getEventListeners } from "node:events";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  effectiveTimeoutMs,
  executeHttpCall,
  MAX_BACKOFF_MS,
  nextRetryDelayMs,
  parseRetryAfter,
  retryDelayMs,
  type HttpCallInput,
} from "./http-connector";
import { json, startTestServer, type Handler, type TestServer } from "./test-server";

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const call = (over: Partial<HttpCallInput> = {}): HttpCallInput => ({ kind: "http", method: "GET", url: `${srv.url}/x`, headers: {}, ...over });

describe("executeHttpCall", () => {
  it("parses a JSON response and returns status and headers", async () => {
    srv.handle((_r, res) => json(res, 200, { total: 42 }, { "x-trace": "t1" }));
    const out = await executeHttpCall(call());
    expect(out).toMatchObject({ ok: true, status: 200, body: { total: 42 } });
    expect(out.ok && out.headers["x-trace"]).toBe("t1");
  });

  it("returns text for non-JSON responses and null for an empty JSON body", async () => {
    srv.handle((_r, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("hello");
    });
    expect(await executeHttpCall(call())).toMatchObject({ ok: true, body: "hello" });
    srv.handle((_r, res) => {
      res.writeHead(204, { "content-type": "application/json" });
      res.end();
    });
    expect(await executeHttpCall(call())).toMatchObject({ ok: true, status: 204, body: null });
  });

  it("serialises object bodies as JSON and sends strings as text", async () => {
    srv.handle((_r, res) => json(res, 201, {}));
    await executeHttpCall(call({ method: "POST", body: { a: [1, "b"] } }));
    expect(srv.received[0].headers["content-type"]).toBe("application/json");
    expect(JSON.parse(srv.received[0].body)).toEqual({ a: [1, "b"] });

    srv.handle((_r, res) => json(res, 201, {}));
    await executeHttpCall(call({ method: "PUT", body: "plain words" }));
    expect(srv.received[0].headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(srv.received[0].body).toBe("plain words");
  });

  it("keeps a caller's content-type and form-encodes objects for x-www-form-urlencoded", async () => {
    srv.handle((_r, res) => json(res, 200, {}));
    await executeHttpCall(call({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: { a: "1 2", b: 3 } }));
    expect(srv.received[0].body).toBe("a=1+2&b=3");
  });

  it("refuses a body on GET without sending anything", async () => {
    srv.handle((_r, res) => json(res, 200, {}));
    const out = await executeHttpCall(call({ body: { a: 1 } }));
    expect(out).toMatchObject({ ok: false, retryable: false });
    expect(srv.received).toHaveLength(0);
  });

  it("appends query parameters to those already in the url", async () => {
    srv.handle((_r, res) => json(res, 200, {}));
    await executeHttpCall(call({ url: `${srv.url}/search?fixed=1`, query: { q: "a b&c", page: "2" } }));
    const u = new URL(srv.received[0].url, srv.url);
    expect(u.pathname).toBe("/search");
    expect([...u.searchParams]).toEqual([
      ["fixed", "1"],
      ["q", "a b&c"],
      ["page", "2"],
    ]);
  });

  it("sends bearer and basic authorization headers", async () => {
    srv.handle((_r, res) => json(res, 200, {}));
    await executeHttpCall(call({ auth: { type: "bearer", token: "tok-123" } }));
    expect(srv.received[0].headers.authorization).toBe("Bearer tok-123");

    srv.handle((_r, res) => json(res, 200, {}));
    await executeHttpCall(call({ headers: { Authorization: "ignored" }, auth: { type: "basic", username: "ann", password: "pä:ss" } }));
    expect(srv.received[0].headers.authorization).toBe(`Basic ${Buffer.from("ann:pä:ss").toString("base64")}`);
  });

  it("marks other 4xx as final and keeps the response body", async () => {
    srv.handle((_r, res) => json(res, 404, { message: "no such order" }));
    const out = await executeHttpCall(call());
    expect(out).toMatchObject({ ok: false, retryable: false, status: 404, error: "HTTP 404 Not Found", body: { message: "no such order" } });
    srv.handle((_r, res) => json(res, 400, {}));
    expect(await executeHttpCall(call())).toMatchObject({ ok: false, retryable: false, status: 400 });
  });

  it.each([500, 502, 503, 408, 429])("marks HTTP %i as retryable", async (status) => {
    srv.handle((_r, res) => json(res, status, { e: 1 }));
    expect(await executeHttpCall(call())).toMatchObject({ ok: false, retryable: true, status });
  });

  it("returns Retry-After on 429 (seconds) and 503 (HTTP date)", async () => {
    srv.handle((_r, res) => json(res, 429, {}, { "retry-after": "7" }));
    expect(await executeHttpCall(call())).toMatchObject({ ok: false, retryable: true, retryAfterMs: 7000 });

    const now = Date.parse("2030-01-01T00:00:00Z");
    srv.handle((_r, res) => json(res, 503, {}, { "retry-after": "Tue, 01 Jan 2030 00:00:30 GMT" }));
    expect(await executeHttpCall(call(), { now: () => now })).toMatchObject({ status: 503, retryAfterMs: 30_000 });

    srv.handle((_r, res) => json(res, 500, {}, { "retry-after": "7" }));
    const out = await executeHttpCall(call());
    expect(out.ok === false && out.retryAfterMs).toBeUndefined();
  });

  it("times out a server that never answers, as a retryable failure", async () => {
    srv.handle(() => undefined); // never responds
    const started = Date.now();
    const out = await executeHttpCall(call({ timeoutMs: 200 }));
    const took = Date.now() - started;
    expect(out).toMatchObject({ ok: false, retryable: true, error: "timed out after 200 ms" });
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(2000);
  });

  it("times out while the body is still streaming", async () => {
    srv.handle((_r, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"a":'); // and nothing more
    });
    expect(await executeHttpCall(call({ readTimeoutMs: 200 }))).toMatchObject({ ok: false, retryable: true, status: 200, error: "timed out after 200 ms" });
  });

  it("reports an external abort as retryable, not as a timeout", async () => {
    srv.handle(() => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const out = await executeHttpCall(call({ timeoutMs: 5000 }), { signal: ac.signal });
    expect(out).toMatchObject({ ok: false, retryable: true });
    expect(out.ok === false && out.error).toMatch(/aborted/);
  });

  it("treats a refused connection as a retryable network error", async () => {
    const other = await startTestServer();
    const url = other.url;
    await other.close();
    const out = await executeHttpCall(call({ url }));
    expect(out).toMatchObject({ ok: false, retryable: true, error: "network error: ECONNREFUSED" });
  });

  it("rejects bad urls and oversize responses without retry", async () => {
    expect(await executeHttpCall(call({ url: "not a url" }))).toMatchObject({ ok: false, retryable: false });
    expect(await executeHttpCall(call({ url: "file:///etc/passwd" }))).toMatchObject({ ok: false, retryable: false });
    srv.handle((_r, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("x".repeat(2048));
    });
    expect(await executeHttpCall(call(), { maxResponseBytes: 1024 })).toMatchObject({ ok: false, retryable: false, error: "response body exceeds 1024 bytes" });
  });

  it("never puts the url or headers (which may hold secrets) in error messages", async () => {
    srv.handle((_r, res) => json(res, 401, {}));
    const out = await executeHttpCall(call({ url: `${srv.url}/?key=SEKRIT`, headers: { "x-api-key": "SEKRIT" } }));
    expect(out.ok === false && out.error).not.toContain("SEKRIT");
  });
});

describe("node:http transport", () => {
  it("reuses one keep-alive connection for sequential calls", async () => {
    srv.handle((_r, res) => json(res, 200, {}));
    const before = srv.connections;
    for (let i = 0; i < 5; i++) expect(await executeHttpCall(call())).toMatchObject({ ok: true });
    expect(new Set(srv.received.map((r) => r.connection)).size).toBe(1);
    expect(srv.connections - before).toBeLessThanOrEqual(1);
    expect(srv.received[0].headers.connection).toBe("keep-alive");
  });

  it("closes the connection after a HEAD, like fetch (a server may wrongly send a body)", async () => {
    srv.handle((_r, res) => json(res, 200, {}));
    await executeHttpCall(call({ method: "HEAD" }));
    await executeHttpCall(call());
    expect(srv.received[0].headers.connection).toBe("close");
    expect(srv.received[1].connection).not.toBe(srv.received[0].connection);
  });

  it("runs concurrent calls on at most 64 connections per origin", async () => {
    srv.handle((_r, res) => setTimeout(() => json(res, 200, { ok: 1 }), 20));
    const outs = await Promise.all(Array.from({ length: 100 }, () => executeHttpCall(call())));
    expect(outs.every((o) => o.ok)).toBe(true);
    expect(new Set(srv.received.map((r) => r.connection)).size).toBeLessThanOrEqual(64);
  });

  it("resends an idempotent request once when a reused connection turns out closed, but not a POST", async () => {
    // The server drops every connection at its second request, as one whose idle timeout fired would.
    const served = new Set<number>();
    srv.handle((r, res) => {
      if (served.has(r.connection)) return void res.socket?.destroy();
      served.add(r.connection);
      json(res, 200, { on: r.connection });
    });
    expect(await executeHttpCall(call())).toMatchObject({ ok: true });
    expect(await executeHttpCall(call())).toMatchObject({ ok: true });
    expect(srv.received).toHaveLength(3);
    expect(await executeHttpCall(call({ method: "POST", body: "once" }))).toStrictEqual({ ok: false, retryable: true, error: "network error: ECONNRESET" });
    expect(srv.received.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("times out across a redirect chain with one deadline and leaves the pool usable", async () => {
    srv.handle((r, res) =>
      setTimeout(() => {
        res.writeHead(302, { location: `/next${r.url.length}` });
        res.end();
      }, 100),
    );
    const started = Date.now();
    expect(await executeHttpCall(call({ timeoutMs: 250 }))).toStrictEqual({ ok: false, retryable: true, error: "timed out after 250 ms" });
    expect(Date.now() - started).toBeLessThan(1000);
    srv.handle((_r, res) => json(res, 200, { fine: true }));
    expect(await executeHttpCall(call())).toMatchObject({ ok: true, body: { fine: true } });
  });

  it("stops reading an endless body at maxResponseBytes and drops the connection", async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    srv.handle((_r, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const tick = setInterval(() => res.write("x".repeat(1024)), 2);
      res.on("close", () => {
        clearInterval(tick);
        closed();
      });
    });
    const out = await executeHttpCall(call(), { maxResponseBytes: 4096 });
    expect(out).toStrictEqual({ ok: false, retryable: false, status: 200, error: "response body exceeds 4096 bytes" });
    await serverSawClose;
  });

  it("fails at once on a declared Content-Length above the limit", async () => {
    srv.handle((_r, res) => {
      res.writeHead(200, { "content-length": String(50 * 1024 * 1024) });
      res.write("x");
    });
    const out = await executeHttpCall(call({ timeoutMs: 5000 }), { maxResponseBytes: 1024 });
    expect(out).toStrictEqual({ ok: false, retryable: false, status: 200, error: "response body exceeds 1024 bytes" });
  });

  it("reports an abort during the body with the status, and detaches from the caller's signal", async () => {
    srv.handle((_r, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[1,");
    });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const out = await executeHttpCall(call({ timeoutMs: 5000 }), { signal: ac.signal });
    expect(out).toStrictEqual({ ok: false, retryable: true, status: 200, error: "aborted before the response arrived (e.g. worker shutdown)" });

    const shutdown = new AbortController();
    srv.handle((_r, res) => json(res, 200, {}));
    await executeHttpCall(call(), { signal: shutdown.signal });
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });

  it("follows redirects like fetch: relative Location, 303 turns a POST into a GET without its body", async () => {
    srv.handle((r, res) => {
      if (r.url === "/x") {
        res.writeHead(303, { location: "done?step=2" });
        return void res.end("see other");
      }
      json(res, 200, { method: r.method, url: r.url, body: r.body });
    });
    const out = await executeHttpCall(call({ method: "POST", body: { a: 1 } }));
    expect(out).toMatchObject({ ok: true, status: 200, body: { method: "GET", url: "/done?step=2", body: "" } });
    expect(srv.received[1].headers["content-type"]).toBeUndefined();
    // The redirect's small body was drained, so its connection carried the next request.
    expect(srv.received[1].connection).toBe(srv.received[0].connection);
  });

  it("decodes a gzip response and asks for gzip and deflate like fetch", async () => {
    srv.handle((_r, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(zlib.gzipSync(JSON.stringify({ zipped: true })));
    });
    const out = await executeHttpCall(call());
    expect(out).toMatchObject({ ok: true, body: { zipped: true }, headers: { "content-encoding": "gzip" } });
    expect(srv.received[0].headers["accept-encoding"]).toBe("gzip, deflate");
  });

  it("returns a non-JSON body as text, and a mislabelled one too", async () => {
    const page: Handler = (_r, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<h1>Grüße</h1>");
    };
    srv.handle(page);
    expect(await executeHttpCall(call())).toMatchObject({ ok: true, body: "<h1>Grüße</h1>" });
    srv.handle((_r, res) => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end("<html>Bad Gateway</html>");
    });
    expect(await executeHttpCall(call())).toMatchObject({ ok: false, retryable: true, status: 502, error: "HTTP 502 Bad Gateway", body: "<html>Bad Gateway</html>" });
  });

  it("never names the host in a network error", async () => {
    const out = await executeHttpCall(call({ url: "http://sekrit-host.invalid/x", timeoutMs: 3000 }));
    expect(out).toMatchObject({ ok: false, retryable: true });
    expect(out.ok === false && out.error).toMatch(/^(network error: [A-Z_0-9]+|timed out after 3000 ms)$/);
  });

  it("refuses an auth token that is not a valid header value, without quoting it (fetch threw here)", async () => {
    for (const opts of [{}, { fetchImpl: fetch }]) {
      const out = await executeHttpCall(call({ auth: { type: "bearer", token: "SEKRIT\nx" } }), opts);
      expect(out).toStrictEqual({ ok: false, retryable: false, error: "a header name or value is not valid HTTP (no line breaks or non-ASCII names)" });
    }
  });

  it("refuses a url with credentials in it without echoing it", async () => {
    const out = await executeHttpCall(call({ url: "http://user:SEKRIT@127.0.0.1:1/x" }));
    expect(out).toStrictEqual({ ok: false, retryable: false, error: "the url must not contain a user name or password; use basic auth instead" });
  });
});

describe("timeouts", () => {
  it("uses the smallest of timeoutMs, connect and read timeouts, 30 s by default", () => {
    expect(effectiveTimeoutMs({})).toBe(30_000);
    expect(effectiveTimeoutMs({ connectTimeoutMs: 20_000, readTimeoutMs: 5_000 })).toBe(5_000);
    expect(effectiveTimeoutMs({ timeoutMs: 1_000, readTimeoutMs: 5_000 })).toBe(1_000);
    expect(effectiveTimeoutMs({ timeoutMs: 0 })).toBe(30_000);
  });
});

describe("retry delays", () => {
  /** Deterministic uniform draws (a 32-bit LCG), so the bounds check is repeatable. */
  function lcg(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  it("draws full jitter within [0, min(cap, base·2^attempt)) and spreads over the window", () => {
    const random = lcg(42);
    for (let attempt = 0; attempt <= 20; attempt++) {
      const ceiling = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
      const draws = Array.from({ length: 2000 }, () => retryDelayMs(attempt, 1000, random));
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThan(ceiling);
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      // Full jitter is uniform: the mean sits near half the ceiling, and draws reach both ends.
      expect(mean / ceiling).toBeGreaterThan(0.45);
      expect(mean / ceiling).toBeLessThan(0.55);
      expect(Math.min(...draws)).toBeLessThan(ceiling * 0.01);
      expect(Math.max(...draws)).toBeGreaterThan(ceiling * 0.99);
    }
  });

  it("hits the exact edges with random() = 0 and ≈1, and caps at five minutes", () => {
    expect(retryDelayMs(3, 1000, () => 0)).toBe(0);
    expect(retryDelayMs(3, 1000, () => 0.999999)).toBe(7999);
    expect(retryDelayMs(1000, 1000, () => 0.999999)).toBe(MAX_BACKOFF_MS - 1);
    expect(retryDelayMs(-2, 1000, () => 0.5)).toBe(500);
  });

  it("waits at least as long as Retry-After asks", () => {
    const outcome = { ok: false as const, retryable: true, status: 429, error: "HTTP 429", retryAfterMs: 10_000 };
    expect(nextRetryDelayMs(outcome, 0, 1000, () => 0.5)).toBe(10_000);
    expect(nextRetryDelayMs({ ...outcome, retryAfterMs: undefined }, 0, 1000, () => 0.5)).toBe(500);
    expect(parseRetryAfter("999999", 0)).toBe(60 * 60_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });
});
