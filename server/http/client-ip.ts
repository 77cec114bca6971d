// The client's IP address for sign-in limits and audit events: one function, one rule.
//
// Where the peer address comes from: a Next.js route handler gets a Request, never the socket.
// Next 16 sets `x-forwarded-for` to the socket address only when the client sent none, so that
// header cannot tell a proxy's word from a client's. The web processes Baton starts (npm start,
// scripts/serve.ts, web-cluster) preload scripts/peer-address.mjs, which stamps the real TCP peer
// into `x-baton-peer-address` on every request. Without that preload (`next dev`, a hand-rolled
// `next start`) the peer is unknown and this returns null unless TRUST_PROXY says whom to believe;
// callers must then not key per-address limits on a shared "unknown" (rate-limit.ts does not).
import { env } from "../env";
import { isTrusted, normalizeIp, parseTrustProxy, type TrustProxy } from "./trust-proxy";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** The header the preload stamps, when the preload runs in this process. */
function peerHeaderName(): string | undefined {
  const name = (globalThis as Record<symbol, unknown>)[Symbol.for("baton.peer-address-header")];
  return typeof name === "string" ? name : undefined;
}

let parsedFor: string | undefined;
let parsed: TrustProxy = { kind: "none" };
function configuredTrust(): TrustProxy {
  const raw = env().TRUST_PROXY;
  if (raw !== parsedFor) {
    parsed = parseTrustProxy(raw);
    parsedFor = raw;
  }
  return parsed;
}

/**
 * The client's address, or null when it cannot be known. `peerAddress` is the TCP peer when the
 * caller has it; otherwise the preload's header is used. X-Forwarded-For counts only through
 * TRUST_PROXY: with `1` its last entry (what our one proxy saw), with a CIDR list the right-most
 * entry that is not itself a trusted proxy.
 */
export function clientIp(request: { headers?: HeaderSource }, peerAddress?: string | null, trust: TrustProxy = configuredTrust()): string | null {
  const stamped = peerHeaderName();
  const peer = normalizeIp(peerAddress) ?? (stamped ? normalizeIp(header(request.headers, stamped)) : null);
  if (trust.kind === "none") return peer;
  if (peer && !isTrusted(trust, peer)) return peer;
  const hops = (header(request.headers, "x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  if (trust.kind === "one-hop") return normalizeIp(hops.at(-1)) ?? peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = normalizeIp(hops[i]);
    if (!ip) return null; // a garbled chain: believe none of it
    if (!isTrusted(trust, ip) || i === 0) return ip;
  }
  return peer;
}
