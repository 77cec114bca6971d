// Outbound webhooks for message end/throw events, signed Stripe-style so receivers can check that
// a delivery came from Baton, unchanged and recently:
//   Baton-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
//   Baton-Event-Id:  <stable id; the same on every retry, so receivers can drop duplicates>
import crypto from "node:crypto";
import { executeHttpCall, type HttpOptions, type HttpOutcome } from "./http-connector";

export const SIGNATURE_HEADER = "Baton-Signature";
export const EVENT_ID_HEADER = "Baton-Event-Id";
export const EVENT_TYPE_HEADER = "Baton-Event-Type";
/** Five minutes, as Stripe: long enough for clock skew, short enough to make replays stale. */
export const DEFAULT_TOLERANCE_SEC = 300;

function hmacHex(secret: string, timestampSec: number, body: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestampSec}.${body}`, "utf8").digest("hex");
}

/** The Baton-Signature header value for `body` (the exact bytes sent) at `timestampSec` (unix seconds). */
export function signWebhook(body: string, secret: string, timestampSec: number): string {
  if (!Number.isInteger(timestampSec) || timestampSec < 0) throw new RangeError("timestamp must be whole unix seconds");
  return `t=${timestampSec},v1=${hmacHex(secret, timestampSec, body)}`;
}

export type WebhookVerification = { ok: true; timestamp: number } | { ok: false; reason: "malformed" | "stale" | "mismatch" };

/**
 * Checks a Baton-Signature header against the raw request body (not a re-serialised parse of it).
 * Several `v1=` entries are accepted (any may match) so a sender can sign with an old and a new
 * secret while rotating. Comparison is constant-time. `nowSec` is unix seconds.
 */
export function verifyWebhookSignature(
  header: string | null | undefined,
  body: string,
  secret: string,
  toleranceSec: number = DEFAULT_TOLERANCE_SEC,
  nowSec: number = Math.floor(Date.now() / 1000),
): WebhookVerification {
  if (!header) return { ok: false, reason: "malformed" };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === "t" && /^\d+$/.test(v)) timestamp = Number(v);
    else if (k === "v1" && /^[0-9a-f]{64}$/i.test(v)) signatures.push(v.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: "malformed" };
  // Checked before the HMAC so an old captured delivery is refused even though its signature is valid.
  if (Math.abs(nowSec - timestamp) > toleranceSec) return { ok: false, reason: "stale" };
  const expected = Buffer.from(hmacHex(secret, timestamp, body), "hex");
  // Every candidate is compared (no early exit), so timing does not reveal which entry matched.
  let match = false;
  for (const s of signatures) {
    if (crypto.timingSafeEqual(expected, Buffer.from(s, "hex"))) match = true;
  }
  return match ? { ok: true, timestamp } : { ok: false, reason: "mismatch" };
}

export interface SendWebhookOptions extends HttpOptions {
  /** Stable across retries of the same delivery (e.g. the outbox row id). */
  eventId: string;
  eventType?: string;
  timeoutMs?: number;
  /** Extra headers; the signature and event headers always win. */
  headers?: Record<string, string>;
}

/** POSTs `payload` as JSON, signed with `secret`. Retry policy is the caller's (see retryDelayMs). */
export async function sendWebhook(url: string, payload: unknown, secret: string, opts: SendWebhookOptions): Promise<HttpOutcome> {
  const body = JSON.stringify(payload ?? null);
  // Signed at send time, not enqueue time: a retry hours later must still fall inside the tolerance.
  const timestampSec = Math.floor((opts.now ?? Date.now)() / 1000);
  const ours = new Set(["content-type", "user-agent", SIGNATURE_HEADER.toLowerCase(), EVENT_ID_HEADER.toLowerCase(), EVENT_TYPE_HEADER.toLowerCase()]);
  // Dropped case-insensitively: Headers would otherwise join "Content-Type" and "content-type".
  const extra = Object.entries(opts.headers ?? {}).filter(([k]) => !ours.has(k.toLowerCase()));
  const headers: Record<string, string> = {
    ...Object.fromEntries(extra),
    "content-type": "application/json",
    "user-agent": "Baton-Webhook/1",
    [SIGNATURE_HEADER]: signWebhook(body, secret, timestampSec),
    [EVENT_ID_HEADER]: opts.eventId,
  };
  if (opts.eventType) headers[EVENT_TYPE_HEADER] = opts.eventType;
  return executeHttpCall(
    { kind: "http", method: "POST", url, headers, body, timeoutMs: opts.timeoutMs },
    { fetchImpl: opts.fetchImpl, signal: opts.signal, now: opts.now, maxResponseBytes: opts.maxResponseBytes },
  );
}
