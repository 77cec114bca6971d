// Security headers for every response (set by proxy.ts). Pages get a CSP with a per-request
// nonce: Next.js reads it from the request's Content-Security-Policy header and puts it on its
// own scripts; 'strict-dynamic' lets those load the chunks they import. Styles allow
// 'unsafe-inline' because the bpmn-js / form-js editors (and CodeMirror) inject inline styles;
// images and fonts allow data: and blob: for the same libraries (diagram export, embedded fonts).

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    // React's dev overlay and fast refresh evaluate code; never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON and other non-page answers: nothing may run, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export function securityHeaders(opts: { csp: string; https: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": opts.csp,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    // Browsers ignore HSTS received over plain HTTP; sent only where it means something.
    ...(opts.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
