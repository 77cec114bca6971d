// Camunda 7's error body, `{ type, message }` with the status its REST reference documents,
// made from Baton's coded errors. An endpoint overrides the default where its Camunda 7
// counterpart answers differently (e.g. an ended external task is a 404 there).
import { z } from "zod";
import { isBatonError, type BatonErrorCode } from "../../errors";
import { logger } from "../../log";

/** The exception names Camunda 7 puts in `type`. */
export type C7ErrorType =
  | "InvalidRequestException"
  | "RestException"
  | "AuthenticationException"
  | "AuthorizationException"
  | "ParseException"
  | "TaskAlreadyClaimedException"
  | "ProcessEngineException";

export class C7Error extends Error {
  constructor(
    readonly status: number,
    readonly type: C7ErrorType,
    message: string,
  ) {
    super(message);
    this.name = "C7Error";
  }
}

export const invalidRequest = (message: string) => new C7Error(400, "InvalidRequestException", message);

/** How an endpoint's errors read in Camunda 7 where they differ from the default (they differ per resource). */
export type ErrorStyle = Partial<Record<BatonErrorCode, [number, C7ErrorType] | ((err: { message: string; details: Record<string, unknown> }) => C7Error)>>;

const DEFAULT: Record<BatonErrorCode, [number, C7ErrorType]> = {
  UNAUTHENTICATED: [401, "AuthenticationException"],
  FORBIDDEN: [403, "AuthorizationException"],
  NOT_FOUND: [404, "InvalidRequestException"],
  VALIDATION: [400, "InvalidRequestException"],
  CONFLICT: [400, "InvalidRequestException"],
  // The engine refused to move the instance on: Camunda 7's "could not be resumed successfully".
  UNPROCESSABLE: [500, "ProcessEngineException"],
  RATE_LIMITED: [429, "AuthenticationException"],
  UNSUPPORTED_MEDIA_TYPE: [415, "InvalidRequestException"],
  UNAVAILABLE: [503, "ProcessEngineException"],
};

export function toC7Error(err: unknown, style: ErrorStyle = {}): C7Error {
  if (err instanceof C7Error) return err;
  if (isBatonError(err)) {
    const override = style[err.code];
    if (typeof override === "function") return override(err);
    const [status, type] = override ?? DEFAULT[err.code];
    return new C7Error(status, type, err.message);
  }
  if (err instanceof z.ZodError) {
    const first = err.issues[0];
    return invalidRequest(`${first?.path.join(".") || "body"}: ${first?.message ?? "invalid"}`);
  }
  logger.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, "unhandled error in /engine-rest");
  return new C7Error(500, "ProcessEngineException", "Something went wrong on Baton's side; it has been logged.");
}

export function c7ErrorResponse(err: C7Error): Response {
  const headers: Record<string, string> = {};
  if (err.status === 401) headers["www-authenticate"] = 'Basic realm="baton"';
  return Response.json({ type: err.type, message: err.message }, { status: err.status, headers });
}
