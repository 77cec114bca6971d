// What every log line of the current request or job says about where it comes from: a request id
// (taken from a trusted-looking `x-request-id` or made here) in the web, carried on the outbox rows
// the request produces, so the worker's lines for the same work carry it too, with the instance
// and job ids. pino reads it through its mixin (server/log.ts).
import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";

export interface LogContext {
  requestId?: string;
  instanceId?: string;
  jobId?: string;
  queue?: string;
}

export const logContext = new AsyncLocalStorage<LogContext>();

/** A caller's id is kept when it is a plain token (no log injection); otherwise a new one. */
export function requestIdFrom(header: string | null): string {
  return header && /^[A-Za-z0-9._:-]{8,64}$/.test(header) ? header : crypto.randomUUID();
}

export function currentRequestId(): string | undefined {
  return logContext.getStore()?.requestId;
}
