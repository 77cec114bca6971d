// Errors of the /v2 surface as Camunda answers them: RFC 9457 Problem Detail
// (`application/problem+json`: type, title, status, detail, instance), where the title is
// Zeebe's rejection name (NOT_FOUND, INVALID_ARGUMENT, INVALID_STATE…) that clients match on.
import { z } from "zod";
import { isBatonError, type BatonErrorCode } from "../../errors";
import { logger } from "../../log";

export interface ProblemDetail {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

/** A failure with no BatonError code (e.g. 504 when awaiting completion times out). */
export class CamundaProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
    this.name = "CamundaProblem";
  }
}

const FROM_BATON: Record<BatonErrorCode, { status: number; title: string }> = {
  VALIDATION: { status: 400, title: "INVALID_ARGUMENT" },
  // Camunda has no 422: a model it cannot deploy, or an event the engine refuses, is a 400.
  UNPROCESSABLE: { status: 400, title: "INVALID_ARGUMENT" },
  UNAUTHENTICATED: { status: 401, title: "UNAUTHORIZED" },
  FORBIDDEN: { status: 403, title: "FORBIDDEN" },
  NOT_FOUND: { status: 404, title: "NOT_FOUND" },
  CONFLICT: { status: 409, title: "INVALID_STATE" },
  // The client retries 429 and RESOURCE_EXHAUSTED with backoff.
  RATE_LIMITED: { status: 429, title: "RESOURCE_EXHAUSTED" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "UNSUPPORTED_MEDIA_TYPE" },
  UNAVAILABLE: { status: 503, title: "UNAVAILABLE" },
};

export function problemOf(err: unknown, instance: string): ProblemDetail {
  const base = { type: "about:blank", instance };
  if (err instanceof CamundaProblem) return { ...base, status: err.status, title: err.title, detail: err.message };
  if (isBatonError(err)) return { ...base, ...FROM_BATON[err.code], detail: err.message };
  // Commands parse their input again: a ZodError escaping one is still the client's input.
  if (err instanceof z.ZodError) {
    const i = err.issues[0];
    return { ...base, status: 400, title: "INVALID_ARGUMENT", detail: `${i ? [...i.path].join(".") || "body" : "body"}: ${i?.message ?? "invalid"}` };
  }
  logger.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err), path: instance }, "unhandled error in /v2 route");
  return { ...base, status: 500, title: "INTERNAL", detail: "Something went wrong on our side; it has been logged." };
}

export function problemResponse(p: ProblemDetail): Response {
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (p.status === 401) headers["www-authenticate"] = 'Basic realm="Baton", Bearer realm="Baton"';
  return new Response(JSON.stringify(p), { status: p.status, headers });
}
