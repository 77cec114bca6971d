// The one wrapper for /engine-rest route handlers: Camunda 7 authentication, a JSON body
// parsed with zod, and every error as Camunda 7's `{ type, message }` (see errors.ts).
import { z, type ZodType } from "zod";
import type { Actor } from "../../authz/actor";
import { assertCleanParams, cleanQuery, readJsonBody } from "../../http/define-route";
import { authenticateC7 } from "./authenticate";
import { C7Error, c7ErrorResponse, invalidRequest, toC7Error, type ErrorStyle } from "./errors";

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export interface C7RouteSpec<B extends ZodType | undefined> {
  body?: B;
  style?: ErrorStyle;
  /** Probes (`/engine`, `/version`) answer without credentials. */
  public?: boolean;
  handler(args: { actor: Actor; params: Record<string, string>; body: Infer<B>; request: Request }): Promise<unknown>;
}

export const noContent = () => new Response(null, { status: 204 });

export function parseC7<T extends ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw invalidRequest(`${first.path.join(".") || "body"}: ${first.message}`);
}

export function c7Route<B extends ZodType | undefined = undefined>(spec: C7RouteSpec<B>) {
  return async (request: Request, ctx: { params?: Promise<Record<string, string | string[]>> } = {}): Promise<Response> => {
    try {
      const actor = spec.public ? (null as unknown as Actor) : await authenticateC7(request);
      const raw = (await ctx.params) ?? {};
      assertCleanParams(raw);
      cleanQuery(request);
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const body = spec.body ? parseC7(spec.body, await readJsonBody(request, invalidRequest)) : undefined;
      const result = await spec.handler({ actor, params, body: body as Infer<B>, request });
      if (result instanceof Response) return result;
      return Response.json(result);
    } catch (err) {
      return c7ErrorResponse(err instanceof C7Error ? err : toC7Error(err, spec.style));
    }
  };
}
