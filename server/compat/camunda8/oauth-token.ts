// A client-credentials token endpoint for the Camunda clients' OAUTH strategy
// (CAMUNDA_OAUTH_URL=<baton>/v2/oauth/token, CAMUNDA_CLIENT_ID = the token's user email,
// CAMUNDA_CLIENT_SECRET = a Baton API token). The access token it hands out is that same API
// token: Baton has no second kind of credential, so revoking the API token revokes both.
import { actorFromCredentials } from "./route";

/** The clients refresh a while before this; the API token itself may live longer. */
export const ACCESS_TOKEN_SECONDS = 3600;

function oauthError(status: number, error: string, description: string): Response {
  return Response.json({ error, error_description: description }, { status, headers: { "cache-control": "no-store" } });
}

async function readForm(request: Request): Promise<URLSearchParams> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    const json = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    return new URLSearchParams(Object.entries(json).filter(([, v]) => typeof v === "string") as [string, string][]);
  }
  return new URLSearchParams(await request.text());
}

export async function issueCamundaToken(request: Request): Promise<Response> {
  const form = await readForm(request);
  let id = form.get("client_id") ?? "";
  let secret = form.get("client_secret") ?? "";
  const basic = request.headers.get("authorization");
  if (basic?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(basic.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) [id, secret] = [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
  }
  if (form.get("grant_type") !== "client_credentials") return oauthError(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
  const actor = id && secret ? await actorFromCredentials(id, secret) : null;
  if (!actor) return oauthError(401, "invalid_client", "client_id must be the email of the API token's user and client_secret a valid Baton API token.");
  return Response.json({ access_token: secret.trim(), token_type: "Bearer", expires_in: ACCESS_TOKEN_SECONDS }, { headers: { "cache-control": "no-store" } });
}
