// TRUST_PROXY: which peers may tell us the client's address in X-Forwarded-For.
//   unset  no one: the client is the TCP peer, forwarded headers are ignored
//   1      the peer is one trusted reverse proxy (whatever its address)
//   CIDRs  a comma-separated list (`10.0.0.0/8, 192.168.1.5, fd00::/8`): peers in it are proxies,
//          and so are the hops they forwarded from inside it
import net from "node:net";

export type TrustProxy = { kind: "none" } | { kind: "one-hop" } | { kind: "cidrs"; list: net.BlockList };

/** `::ffff:10.0.0.1` (how Node reports IPv4 peers on a dual-stack socket) → `10.0.0.1`. */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  if (ip.startsWith("[") && ip.includes("]")) ip = ip.slice(1, ip.indexOf("]")); // "[::1]:443"
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":")); // "1.2.3.4:5678"
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(ip)) ip = ip.slice(7);
  return net.isIP(ip) ? ip.toLowerCase() : null;
}

function parseEntry(entry: string, list: net.BlockList): string | null {
  const [addr, prefix, ...rest] = entry.split("/");
  const ip = normalizeIp(addr);
  if (!ip || rest.length) return `"${entry}" is not an IP address or CIDR range`;
  const family = net.isIPv4(ip) ? "ipv4" : "ipv6";
  const max = family === "ipv4" ? 32 : 128;
  if (prefix === undefined) {
    list.addAddress(ip, family);
    return null;
  }
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `"${entry}" has a bad prefix length (0-${max})`;
  list.addSubnet(ip, Number(prefix), family);
  return null;
}

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? "";
  if (value === "" || value === "0" || value.toLowerCase() === "false") return { kind: "none" };
  if (value === "1" || value.toLowerCase() === "true") return { kind: "one-hop" };
  const list = new net.BlockList();
  for (const entry of value.split(",").map((e) => e.trim()).filter(Boolean)) {
    const problem = parseEntry(entry, list);
    if (problem) throw new Error(`TRUST_PROXY: ${problem}`);
  }
  return { kind: "cidrs", list };
}

/** For server/env.ts: why a TRUST_PROXY value is unusable, or null. */
export function trustProxyProblem(raw: string): string | null {
  try {
    parseTrustProxy(raw);
    return null;
  } catch (err) {
    return `${(err as Error).message}; use 1 (one proxy in front) or a comma-separated CIDR list`;
  }
}

export function isTrusted(trust: TrustProxy, ip: string): boolean {
  if (trust.kind !== "cidrs") return trust.kind === "one-hop";
  return trust.list.check(ip, net.isIPv4(ip) ? "ipv4" : "ipv6");
}
