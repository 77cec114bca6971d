// Next 16 proxy (formerly middleware.ts), run before every route except static assets:
// the cross-site guard for cookie-authenticated API writes (server/http/csrf.ts) and the security
// headers, with a fresh CSP nonce per page request (server/http/security-headers.ts).
// Not an authorization layer: every page, action and route still checks access itself.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "./server/env";
import { csrfRefusal } from "./server/http/csrf";
import { API_CSP, newNonce, pageCsp, securityHeaders } from "./server/http/security-headers";

const API = /^\/(api|v2|engine-rest)(\/|$)/;

export function proxy(request: NextRequest) {
  const appUrl = env().NEXTAUTH_URL;
  const https = request.nextUrl.protocol === "https:" || Boolean(appUrl?.startsWith("https://"));

  if (API.test(request.nextUrl.pathname)) {
    const headers = securityHeaders({ csp: API_CSP, https });
    const refused = csrfRefusal(request, appUrl);
    const response = refused ? new NextResponse(refused.body, refused) : NextResponse.next();
    for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
    return response;
  }

  // A NUL in a page's path or query (an id PostgreSQL cannot even compare) is answered here, plainly,
  // before any page runs a query with it; API routes refuse it themselves, naming the field.
  if (/%00/.test(request.nextUrl.pathname + request.nextUrl.search)) {
    const response = new NextResponse("Bad request: the address contains a NUL character (%00).", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
    for (const [k, v] of Object.entries(securityHeaders({ csp: API_CSP, https }))) response.headers.set(k, v);
    return response;
  }

  const nonce = newNonce();
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  // Next reads the nonce from the request's CSP header and stamps it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(securityHeaders({ csp, https }))) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|icon.svg|favicon.ico).*)" }],
};
