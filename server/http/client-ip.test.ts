// One rule for the client's address (issue 17): X-Forwarded-For counts only through TRUST_PROXY.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PEER_ADDRESS_PRELOAD } from "../../scripts/lib/processes";
import { clientIp } from "./client-ip";
import { parseTrustProxy, trustProxyProblem } from "./trust-proxy";

const req = (headers: Record<string, string>) => new Request("http://localhost:3000/api/auth/callback/credentials", { headers });
const FLAG = Symbol.for("baton.peer-address-header");

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[FLAG];
});

describe("clientIp", () => {
  it("ignores X-Forwarded-For without a trusted proxy (the defect: rotating it reset the limit)", () => {
    const none = parseTrustProxy(undefined);
    expect(clientIp(req({ "x-forwarded-for": "6.6.6.6" }), "203.0.113.7", none)).toBe("203.0.113.7");
    expect(clientIp(req({ "x-forwarded-for": "6.6.6.7" }), "::ffff:203.0.113.7", none)).toBe("203.0.113.7");
    // No peer known and nothing trusted: unknown, not the forged value and not a shared "local".
    expect(clientIp(req({ "x-forwarded-for": "6.6.6.6" }), undefined, none)).toBeNull();
  });

  it("reads the preload's peer header only when the preload runs in this process", () => {
    const none = parseTrustProxy(undefined);
    const forged = req({ "x-baton-peer-address": "6.6.6.6" });
    expect(clientIp(forged, undefined, none)).toBeNull();
    (globalThis as Record<symbol, unknown>)[FLAG] = "x-baton-peer-address";
    expect(clientIp(req({ "x-baton-peer-address": "198.51.100.4", "x-forwarded-for": "6.6.6.6" }), undefined, none)).toBe("198.51.100.4");
  });

  it("TRUST_PROXY=1: the last forwarded hop is the client", () => {
    const one = parseTrustProxy("1");
    expect(clientIp(req({ "x-forwarded-for": "6.6.6.6, 198.51.100.9" }), "10.0.0.2", one)).toBe("198.51.100.9");
    expect(clientIp(req({}), "10.0.0.2", one)).toBe("10.0.0.2");
  });

  it("TRUST_PROXY=<CIDRs>: walks right to left past trusted proxies; an untrusted peer is the client", () => {
    const cidrs = parseTrustProxy("10.0.0.0/8, 192.168.1.5, fd00::/8");
    expect(clientIp(req({ "x-forwarded-for": "6.6.6.6, 198.51.100.9, 192.168.1.5" }), "10.1.2.3", cidrs)).toBe("198.51.100.9");
    expect(clientIp(req({ "x-forwarded-for": "198.51.100.9" }), "fd00::1", cidrs)).toBe("198.51.100.9");
    expect(clientIp(req({ "x-forwarded-for": "6.6.6.6" }), "203.0.113.7", cidrs)).toBe("203.0.113.7");
    expect(clientIp(req({ "x-forwarded-for": "not-an-ip" }), "10.1.2.3", cidrs)).toBeNull();
  });

  it("takes plain header objects (next-auth's authorize gets one)", () => {
    expect(clientIp({ headers: { "x-forwarded-for": "198.51.100.9" } }, "10.0.0.1", parseTrustProxy("1"))).toBe("198.51.100.9");
  });
});

describe("TRUST_PROXY parsing", () => {
  it("names a bad entry", () => {
    expect(trustProxyProblem("10.0.0.0/33")).toMatch(/10\.0\.0\.0\/33/);
    expect(trustProxyProblem("proxy.internal")).toMatch(/proxy\.internal/);
    expect(trustProxyProblem("1")).toBeNull();
    expect(trustProxyProblem("127.0.0.1/32,::1")).toBeNull();
  });
});

describe("scripts/peer-address.mjs (the web process's preload)", () => {
  it("overwrites a client-sent x-baton-peer-address with the socket's address", async () => {
    const server = `
      const http = await import("node:http");
      const s = http.createServer((req, res) => res.end(JSON.stringify({ peer: req.headers["x-baton-peer-address"], flag: globalThis[Symbol.for("baton.peer-address-header")] })));
      s.listen(0, "127.0.0.1", async () => {
        const port = s.address().port;
        const r = await fetch("http://127.0.0.1:" + port, { headers: { "x-baton-peer-address": "6.6.6.6" } });
        console.log(await r.text());
        s.close();
      });`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", server], {
        env: { ...process.env, NODE_OPTIONS: PEER_ADDRESS_PRELOAD },
        cwd: path.resolve(import.meta.dirname, "../.."),
      });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(text))));
    });
    expect(JSON.parse(out)).toEqual({ peer: "127.0.0.1", flag: "x-baton-peer-address" });
  });
});
