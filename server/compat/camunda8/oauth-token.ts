// A client-credentials token endpoint for the Camunda clients' OAUTH strategy
// (CAMUNDA_OAUTH_URL=<baton>/v2/oauth/token, CAMUNDA_CLIENT_ID = the token's user email,
// CAMUNDA_CLIENT_SECRET = a Baton API token). The access token it hands out is that same API
// token: Baton has no second kind of credential, so revoking the API token revokes both.
import { textIssue } from "../../input-limits";
import { actorFromCredentials } from "./route";

/** The clients refresh a while before this; the API token itself may live longer. */
export const ACCESS_TOKEN_SECONDS = 3600;

function oauthError(status: number, error: string, description: string): Response {
  return Response.json({ error, error_description: description }, { status, headers: { "cache-control": "no-store" } });
}

const invalidRequest = (description: string) => oauthError(400, "invalid_request", description);

/** The form (or JSON object) of a token request; a Response when it is not one (RFC 6749 §5.2). */
async function readForm(request: Request): Promise<URLSearchParams | Response> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const text = await request.text();
  if (!type.startsWith("application/json")) return new URLSearchParams(text);
  let json: unknown;
  try {
    json = text.trim() ? JSON.parse(text) : {};
  } catch {
    return invalidRequest("The body is not valid JSON.");
  }
  // `null`, a list or a bare value is no token request (it was a 500).
  if (json === null || typeof json !== "object" || Array.isArray(json)) return invalidRequest("Send a JSON object (or a form) with grant_type, client_id and client_secret.");
  return new URLSearchParams(Object.entries(json).filter(([, v]) => typeof v === "string") as [string, string][]);
}

/** Basic credentials are form-encoded (RFC 6749 §2.3.1): a malformed escape is the client's error. */
function decodeBasicPart(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export async function issueCamundaToken(request: Request): Promise<Response> {
  const form = await readForm(request);
  if (form instanceof Response) return form;
  let id = form.get("client_id") ?? "";
  let secret = form.get("client_secret") ?? "";
  const basic = request.headers.get("authorization");
  if (basic?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(basic.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) {
      const [n, s] = [decodeBasicPart(decoded.slice(0, colon)), decodeBasicPart(decoded.slice(colon + 1))];
      if (n === null || s === null) return invalidRequest("The Basic credentials are not validly form-encoded.");
      [id, secret] = [n, s];
    }
  }
  const bad = textIssue(id, "id") ?? textIssue(secret, "id");
  if (bad) return invalidRequest(`client_id and client_secret: ${bad}`);
  if (form.get("grant_type") !== "client_credentials") return oauthError(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
  const actor = id && secret ? await actorFromCredentials(id, secret) : null;
  if (!actor) return oauthError(401, "invalid_client", "client_id must be the email of the API token's user and client_secret a valid Baton API token.");
  return Response.json({ access_token: secret.trim(), token_type: "Bearer", expires_in: ACCESS_TOKEN_SECONDS }, { headers: { "cache-control": "no-store" } });
}
