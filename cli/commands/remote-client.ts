// HTTP client of the remote `baton` commands: talks to a running Baton at BATON_URL with the
// API token in BATON_TOKEN, and turns every failure into one clear line for the terminal.
// Node-only (fetch, env); it must not import server/ or app/ (engine/ stays pure).
import { EXIT, type CliIo } from "../command";

export const DEFAULT_URL = "http://localhost:3000";

export class CliFailure extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.failed) {
    super(message);
  }
}

export interface RemoteConfig {
  url: string;
  token: string | undefined;
}

export function remoteConfig(env: NodeJS.ProcessEnv = process.env): RemoteConfig {
  return { url: (env.BATON_URL || DEFAULT_URL).replace(/\/+$/, ""), token: env.BATON_TOKEN || undefined };
}

export interface RemoteRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  json?: unknown;
  raw?: { body: string; contentType: string; headers?: Record<string, string> };
}

interface ApiError {
  error?: { code?: string; message?: string; details?: { fields?: { field: string; message: string }[]; errors?: { id?: string; message: string }[] } };
}

function describeError(status: number, body: ApiError): string {
  const e = body.error;
  const lines = [`${status} ${e?.code ?? "ERROR"}: ${e?.message ?? "no error message in the answer"}`];
  for (const f of e?.details?.fields ?? []) lines.push(`  ${f.field}: ${f.message}`);
  for (const x of e?.details?.errors ?? []) lines.push(`  ${x.id ? `${x.id}: ` : ""}${x.message}`);
  return lines.join("\n");
}

/** ECONNREFUSED, ENOTFOUND, a timeout…: fetch hides the reason in `cause` (an AggregateError for localhost). */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  if ((err as Error).name === "TimeoutError") return "no answer within 30 s";
  return cause?.code ?? cause?.errors?.find((e) => e.code)?.code ?? cause?.message ?? (err as Error).message;
}

/** Calls the API; answers the parsed JSON body of a 2xx, throws CliFailure otherwise. */
export async function callApi(req: RemoteRequest, config: RemoteConfig = remoteConfig()): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (config.token) headers.authorization = `Bearer ${config.token}`;
  let body: string | undefined;
  if (req.raw) {
    body = req.raw.body;
    Object.assign(headers, { "content-type": req.raw.contentType }, req.raw.headers);
  } else if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers["content-type"] = "application/json";
  }
  let res: Response;
  try {
    res = await fetch(`${config.url}/api/v1${req.path}`, { method: req.method, headers, body, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new CliFailure(`Baton is not reachable at ${config.url} (${networkReason(err)}): start it with \`npm start\` or set BATON_URL`);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    throw new CliFailure(`${res.status}: ${config.url} answered something that is not JSON; is BATON_URL a Baton server?`);
  }
  if (res.status === 401) {
    throw new CliFailure(`${config.token ? "BATON_TOKEN was not accepted (unknown, revoked or expired)" : "BATON_TOKEN is not set"}: set BATON_TOKEN to an API token (create one with POST /api/v1/tokens, or \`npm run token:create -- EMAIL\`)`);
  }
  if (!res.ok) throw new CliFailure(describeError(res.status, (parsed ?? {}) as ApiError));
  return parsed;
}

/** Runs a remote command body, printing a CliFailure as `baton NAME: message` with its exit code. */
export async function runRemote(name: string, io: CliIo, fn: () => Promise<void>): Promise<number> {
  try {
    await fn();
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CliFailure) {
      io.stderr(`baton ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
