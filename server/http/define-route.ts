// The one wrapper for REST route handlers: authenticates (session cookie or bearer token),
// parses params/query/body with zod, calls the handler, and maps every error to a JSON
// status in one place: `{ error: { code, message, details } }`.
import { z, type ZodType } from "zod";
import { actorFromToken } from "../auth/api-token";
import { currentActor } from "../auth/session";
import type { Actor } from "../authz/actor";
import { db } from "../db/client";
import { BatonError, isBatonError } from "../errors";
import { jsonBodyIssue, MAX_JSON_BODY_CHARS, textMapIssue, validationError } from "../input-limits";
import { logger } from "../log";
import { metrics, routeLabel } from "../metrics/metrics";
import { logContext, requestIdFrom } from "../log-context";

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export interface RouteSpec<P extends ZodType | undefined, Q extends ZodType | undefined, B extends ZodType | undefined> {
  params?: P;
  query?: Q;
  body?: B;
  /** Public routes skip authentication (health, OpenAPI document). */
  public?: boolean;
  /**
   * The handler reads the body itself from `request` (raw XML, multipart): no JSON parsing
   * happens here, and `body` is undefined. Cannot be combined with `body`.
   */
  rawBody?: B extends undefined ? boolean : never;
  handler(args: { actor: Actor; params: Infer<P>; query: Infer<Q>; body: Infer<B>; request: Request }): Promise<unknown>;
  /** Status for a successful answer (default 200). */
  status?: number;
}

export async function authenticate(request: Request): Promise<Actor | null> {
  const auth = request.headers.get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) return actorFromToken(db(), auth.slice(7).trim());
  // No cookie, no session: skip next-auth, which needs a Next request scope (scripts, tests).
  if (!request.headers.get("cookie")) return null;
  return currentActor();
}

function zodDetails(error: z.ZodError, where: string) {
  return {
    fields: error.issues.map((i) => ({ field: [where, ...i.path].join("."), message: i.message })),
  };
}

/** Parses with zod, or throws VALIDATION naming the first bad field as `where.path`. */
export function parse<T extends ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new BatonError("VALIDATION", `${[where, ...first.path].join(".")}: ${first.message}`, zodDetails(r.error, where));
  }
  return r.data;
}

/**
 * A JSON request body, refused when too large, not JSON, or holding what cannot be stored or
 * walked (NUL, unpaired surrogates, nesting past MAX_BODY_DEPTH): before zod, commands or the
 * engine see it. The Camunda routers read their bodies through this too.
 */
export async function readJsonBody(request: Request, invalid: (message: string) => Error = (m) => new BatonError("VALIDATION", m, { field: "body", fields: [{ field: "body", message: "invalid JSON" }] })): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  if (text.length > MAX_JSON_BODY_CHARS) throw validationError({ field: "body", message: `${text.length} characters; a JSON body may take at most ${MAX_JSON_BODY_CHARS}` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("The request body is not valid JSON.");
  }
  const issue = jsonBodyIssue(value);
  if (issue) throw validationError(issue);
  return value;
}

/** Path params and query values are ids and filters: no NUL, unpaired surrogate or control character. */
export function assertCleanParams(params: Record<string, string | string[] | undefined>): void {
  const issue = textMapIssue(Object.entries(params), "params");
  if (issue) throw validationError(issue);
}

export function cleanQuery(request: Request): Record<string, string> {
  const searchParams = new URL(request.url).searchParams;
  const issue = textMapIssue(searchParams.entries(), "query");
  if (issue) throw validationError(issue);
  return Object.fromEntries(searchParams);
}

/**
 * A JSON route reads JSON only: a body sent as text/plain or a form (what a cross-site page can
 * send without a preflight) is refused with 415, whoever sends it. No content type with an empty
 * body is fine (body-less POSTs such as claim).
 */
function assertJsonContent(request: Request): Request {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return request;
  if (type === "" && (request.body === null || request.headers.get("content-length") === "0")) return request;
  throw new BatonError("UNSUPPORTED_MEDIA_TYPE", `Send the body as application/json (got ${type || "no content type"}).`, { field: "content-type" });
}

export function errorResponse(err: unknown): Response {
  if (isBatonError(err)) return Response.json(err.toJSON(), { status: err.status });
  // Commands parse their request again; a ZodError escaping one is still the client's input.
  if (err instanceof z.ZodError) {
    const details = zodDetails(err, "body");
    const first = details.fields[0];
    const e = new BatonError("VALIDATION", `${first?.field ?? "body"}: ${first?.message ?? "invalid"}`, details);
    return Response.json(e.toJSON(), { status: e.status });
  }
  logger.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, "unhandled error in route");
  return Response.json({ error: { code: "INTERNAL", message: "Something went wrong on our side; it has been logged.", details: {} } }, { status: 500 });
}

export function defineRoute<P extends ZodType | undefined = undefined, Q extends ZodType | undefined = undefined, B extends ZodType | undefined = undefined>(
  spec: RouteSpec<P, Q, B>,
) {
  return async (request: Request, ctx: { params?: Promise<Record<string, string | string[]>> } = {}): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    const response = await logContext.run({ requestId }, () => answer(request, ctx));
    try {
      response.headers.set("x-request-id", requestId);
    } catch {
      // a Response with immutable headers (redirects) keeps its own
    }
    metrics().httpDuration.observe({ method: request.method, route: routeLabel(new URL(request.url).pathname), status: String(response.status) }, (performance.now() - started) / 1000);
    return response;
  };

  async function answer(request: Request, ctx: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> {
    try {
      const actor = spec.public ? null : await authenticate(request);
      if (!spec.public && !actor) throw new BatonError("UNAUTHENTICATED", "Sign in first, or send an API token as `Authorization: Bearer …`.");
      const rawParams = (await ctx.params) ?? {};
      assertCleanParams(rawParams);
      // Checked even where the route declares no query: a handler may still read the URL.
      const rawQuery = cleanQuery(request);
      const params = spec.params ? parse(spec.params, rawParams, "params") : undefined;
      const query = spec.query ? parse(spec.query, rawQuery, "query") : undefined;
      const body = spec.body ? parse(spec.body, await readJsonBody(assertJsonContent(request)), "body") : undefined;
      const result = await spec.handler({ actor: actor as Actor, params: params as Infer<P>, query: query as Infer<Q>, body: body as Infer<B>, request });
      if (result instanceof Response) return result;
      return Response.json(result ?? {}, { status: spec.status ?? 200 });
    } catch (err) {
      return errorResponse(err);
    }
  }
}
