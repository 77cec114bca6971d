// Cross-site request forgery guard for the REST surfaces (/api/v1, /v2, /engine-rest): a browser
// sends the next-auth session cookie with any request to us, including a text/plain, form or
// multipart POST from another site (no CORS preflight). Requests authenticated that way must
// come from our own pages: a foreign `Origin` or `Sec-Fetch-Site: cross-site` is refused, and a
// body must not be one of the content types a cross-site form can send without asking (text/plain,
// urlencoded) — JSON, multipart (deployments) and XML stay. Bearer-token callers are not
// cookie-authenticated and are not affected. Called from proxy.ts for every matching request;
// next-auth's own routes (/api/auth) keep their CSRF token, and Server Actions get Next's Origin check.
// Without `Origin` and `Sec-Fetch-Site` (non-browser clients, very old browsers) only the
// content-type rule applies.

const PREFIXES = ["/api/v1", "/v2", "/engine-rest"];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// next-auth's session cookie, plain or __Secure-, whole or chunked (`.0`, `.1` …).
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;
// Simple-request types (no preflight) that no Baton route reads as its body format.
const FORM_TYPES = new Set(["text/plain", "application/x-www-form-urlencoded"]);
// Public routes that are meant to take a form body (OAuth 2 client credentials).
const FORM_ROUTES = ["/v2/oauth/token"];

function underPrefix(pathname: string): boolean {
  return PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

function refusal(status: 403 | 415, code: string, message: string, details: Record<string, unknown>): Response {
  return Response.json({ error: { code, message, details } }, { status });
}

function hasBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  return (length !== null && length !== "0") || request.headers.has("transfer-encoding");
}

/** True when the request rides on the browser's session cookie rather than a token. */
export function isCookieAuthenticated(request: Request): boolean {
  const auth = request.headers.get("authorization")?.trim().toLowerCase() ?? "";
  if (auth.startsWith("bearer ")) return false;
  return SESSION_COOKIE.test(request.headers.get("cookie") ?? "");
}

function sameOrigin(origin: string, request: Request, appOrigin: string | undefined): boolean {
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, data: URLs) and garbage
  }
  const allowed = new Set<string>([new URL(request.url).origin]);
  const host = request.headers.get("host");
  if (host) allowed.add(`${o.protocol}//${host}`); // the Host the browser addressed, whichever scheme TLS ended at
  if (appOrigin) {
    try {
      allowed.add(new URL(appOrigin).origin);
    } catch {
      /* a bad NEXTAUTH_URL is server/env.ts's to report */
    }
  }
  return allowed.has(o.origin);
}

/**
 * The refusal for a cookie-authenticated, state-changing request from another site (403) or
 * with a form-like body (415), as the product's JSON error; null when the request may proceed.
 */
export function csrfRefusal(request: Request, appOrigin?: string): Response | null {
  const { pathname } = new URL(request.url);
  if (SAFE_METHODS.has(request.method.toUpperCase()) || !underPrefix(pathname)) return null;
  if (!isCookieAuthenticated(request)) return null;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (site === "cross-site" || (origin !== null && !sameOrigin(origin, request, appOrigin))) {
    return refusal(403, "FORBIDDEN", "Cross-site request refused: a request signed in by the session cookie must come from Baton's own pages. Integrations send `Authorization: Bearer <API token>`.", {
      origin,
      secFetchSite: site,
    });
  }
  if (hasBody(request) && !FORM_ROUTES.includes(pathname)) {
    const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type === "" || FORM_TYPES.has(type)) {
      return refusal(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json (or multipart/form-data / XML where the route takes a file).", {
        contentType: type || null,
      });
    }
  }
  return null;
}
