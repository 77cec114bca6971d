// The route wrapper of the Camunda 8 surface (/v2): authenticates (bearer API token, HTTP
// Basic with an API token as the password, or the session cookie), parses params and the
// JSON body with zod, calls the handler, and answers every error as a Problem Detail.
import type { z, ZodType } from "zod";
import { actorFromToken } from "../../auth/api-token";
import type { Actor } from "../../authz/actor";
import { db } from "../../db/client";
import { BatonError } from "../../errors";
import { assertCleanParams, authenticate, cleanQuery, parse, readJsonBody } from "../../http/define-route";
import { problemOf, problemResponse } from "./problem";

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export interface CamundaRouteSpec<P extends ZodType | undefined, B extends ZodType | undefined> {
  params?: P;
  body?: B;
  /** Status of a successful answer: 200 with the handler's JSON, or 204 (no body). */
  status?: 200 | 204;
  handler(args: { actor: Actor; params: Infer<P>; body: Infer<B>; request: Request }): Promise<unknown>;
}

/**
 * Credentials as the Camunda clients send them (HTTP Basic, or OAuth client credentials): the
 * secret is a Baton API token and the name its user's email or id. Baton passwords are refused
 * here: checking one costs a deliberately slow scrypt, and a job worker polls many times a minute.
 */
export async function actorFromCredentials(name: string, secret: string): Promise<Actor | null> {
  const actor = await actorFromToken(db(), secret.trim());
  if (!actor) return null;
  const n = name.trim().toLowerCase();
  return n === actor.email.toLowerCase() || n === actor.userId.toLowerCase() ? actor : null;
}

function actorFromBasic(value: string): Promise<Actor | null> {
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? Promise.resolve(null) : actorFromCredentials(decoded.slice(0, colon), decoded.slice(colon + 1));
}

export async function authenticateCamunda(request: Request): Promise<Actor | null> {
  const auth = request.headers.get("authorization");
  if (auth?.toLowerCase().startsWith("basic ")) return actorFromBasic(auth.slice(6).trim());
  return authenticate(request);
}

export function defineCamundaRoute<P extends ZodType | undefined = undefined, B extends ZodType | undefined = undefined>(spec: CamundaRouteSpec<P, B>) {
  return async (request: Request, ctx: { params?: Promise<Record<string, string | string[]>> } = {}): Promise<Response> => {
    const path = new URL(request.url).pathname;
    try {
      const actor = await authenticateCamunda(request);
      if (!actor) {
        throw new BatonError("UNAUTHENTICATED", "Send a Baton API token: as `Authorization: Bearer <token>`, or with HTTP Basic as the password (CAMUNDA_AUTH_STRATEGY=BASIC, the username is the token's user email).");
      }
      const rawParams = (await ctx.params) ?? {};
      assertCleanParams(rawParams);
      cleanQuery(request);
      const params = spec.params ? parse(spec.params, rawParams, "params") : undefined;
      const body = spec.body ? parse(spec.body, await readJsonBody(request), "body") : undefined;
      const result = await spec.handler({ actor, params: params as Infer<P>, body: body as Infer<B>, request });
      if (result instanceof Response) return result;
      if (spec.status === 204) return new Response(null, { status: 204 });
      return Response.json(result ?? {}, { status: 200 });
    } catch (err) {
      return problemResponse(problemOf(err, path));
    }
  };
}

/** Unknown /v2 paths: a Problem Detail (after authentication), never an HTML page. */
export const notFoundRoute = defineCamundaRoute({
  handler: async ({ request }) => {
    throw new BatonError("NOT_FOUND", `Baton does not implement ${request.method} ${new URL(request.url).pathname} of the Camunda 8 REST API; see docs/camunda-compatibility.md.`);
  },
});
