// Where to send someone after sign-in: only a path on this app's own origin. Decided by parsing
// the value the way a browser will (WHATWG URL: `\` is `/`, tabs and newlines are dropped), never
// by string tests — `/\evil.example` starts with one `/` but a browser goes to evil.example.

/**
 * Returns `raw` as a path (+ query + hash) on `appOrigin`, or `fallback` when it would leave the
 * origin or is not a URL. The answer is the parsed URL re-serialized, so whoever resolves it next
 * (next-auth, the router, the browser) reads exactly what was checked.
 */
export function safeCallbackPath(raw: unknown, appOrigin: string, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return fallback;
  let origin: string;
  let url: URL;
  try {
    origin = new URL(appOrigin).origin;
    url = new URL(raw, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin || url.username || url.password) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil.example` normalizes to the path `//evil.example`, which a browser reads as a host.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  try {
    if (new URL(path, origin).origin !== origin) return fallback;
  } catch {
    return fallback;
  }
  return path;
}

/** next-auth's `redirect` callback: absolute URL on the app's base URL, or the base URL itself. */
export function safeRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
}
