// Secrets referenced as `{{secrets.NAME}}` in connector URLs, headers and bodies: where they come
// from (environment, then the per-organization Secret table), how they are substituted, and how
// their values are kept out of logs, incidents and audit events.
import type { Db, Tx } from "../db/client";
import { BatonError } from "../errors";
import { decryptSecret, encryptSecret, secretsKey } from "./secret-crypto";

export { encryptSecret, decryptSecret, secretsKey, SecretsKeyError, SecretDecryptError } from "./secret-crypto";

/** Names usable as env var suffixes, which is also what Camunda's console allows. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Whitespace inside the braces is tolerated, as Camunda's connector runtime does.
const PLACEHOLDER = /\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A placeholder names a secret that neither the environment nor the organization's table has. */
export class UnknownSecretError extends BatonError {
  constructor(readonly secret: string) {
    super("UNPROCESSABLE", `secret "${secret}" is not defined: add it under Settings → Secrets or set BATON_SECRET_${secret}`, {
      secret,
    });
    this.name = "UnknownSecretError";
  }
}

/** Returns the secret's value, or undefined when there is no such secret. */
export type SecretLookup = (name: string) => string | undefined;

type Env = Record<string, string | undefined>;

function assertName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new BatonError("VALIDATION", `secret name "${name}" must start with a letter or _ and contain only letters, digits and _`);
  }
}

function context(orgId: string, name: string): string {
  return `${orgId}/${name}`;
}

// ---- placeholders -------------------------------------------------------------------------

function walk(value: unknown, onString: (s: string) => string): unknown {
  if (typeof value === "string") return onString(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, onString));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    // Keys are walked too: a header name can be a secret (e.g. a vendor-specific key header).
    for (const [k, v] of Object.entries(value)) out[onString(k)] = walk(v, onString);
    return out;
  }
  return value;
}

/** The distinct secret names referenced anywhere in `template` (strings and object keys). */
export function secretNamesIn(template: unknown): string[] {
  const names = new Set<string>();
  walk(template, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) names.add(m[1]);
    return s;
  });
  return [...names].sort();
}

/**
 * Replaces every `{{secrets.NAME}}` in the strings of a JSON value. Throws UnknownSecretError for
 * the first name `lookup` does not know. `usedSecrets` lists the names substituted, so the caller
 * can redact their values from anything it logs or stores.
 */
export function resolveSecrets(template: unknown, lookup: SecretLookup): { value: unknown; usedSecrets: string[] } {
  const used = new Set<string>();
  const value = walk(template, (s) =>
    s.replace(PLACEHOLDER, (_match, name: string) => {
      const secret = lookup(name);
      if (secret === undefined) throw new UnknownSecretError(name);
      used.add(name);
      return secret;
    }),
  );
  return { value, usedSecrets: [...used].sort() };
}

// ---- sources ------------------------------------------------------------------------------

/**
 * A secret from the environment: `BATON_SECRET_<NAME>` always; plain `<NAME>` only when listed in
 * `BATON_SECRETS_FROM_ENV` — otherwise a model could read DATABASE_URL or NEXTAUTH_SECRET.
 */
export function envSecret(name: string, env: Env = process.env): string | undefined {
  const prefixed = env[`BATON_SECRET_${name}`];
  if (prefixed !== undefined) return prefixed;
  const allowed = (env.BATON_SECRETS_FROM_ENV ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return allowed.includes(name) ? env[name] : undefined;
}

export interface LoadSecretsOptions {
  env?: Env;
  /** Defaults to BATON_SECRETS_KEY; only needed when a name is not found in the environment. */
  key?: Buffer;
}

/**
 * Loads the values of `names` for one organization: environment first, then the Secret table
 * (one query). Names found nowhere are simply absent, so resolveSecrets reports the first of them.
 */
export async function loadSecrets(db: Db | Tx, orgId: string, names: readonly string[], opts: LoadSecretsOptions = {}): Promise<Map<string, string>> {
  const env = opts.env ?? process.env;
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const name of new Set(names)) {
    const v = envSecret(name, env);
    if (v !== undefined) found.set(name, v);
    else missing.push(name);
  }
  if (missing.length === 0) return found;
  const rows = await db.secret.findMany({ where: { organizationId: orgId, name: { in: missing } }, select: { name: true, ciphertext: true } });
  if (rows.length === 0) return found;
  const key = opts.key ?? secretsKey(env);
  for (const row of rows) found.set(row.name, decryptSecret(row.ciphertext, key, context(orgId, row.name)));
  return found;
}

/** Convenience for job handlers: load what `template` references, then substitute. */
export async function resolveSecretsFor(
  db: Db | Tx,
  orgId: string,
  template: unknown,
  opts: LoadSecretsOptions = {},
): Promise<{ value: unknown; usedSecrets: string[]; values: string[] }> {
  const loaded = await loadSecrets(db, orgId, secretNamesIn(template), opts);
  const res = resolveSecrets(template, (n) => loaded.get(n));
  // `values` exists only to feed redactSecrets; never log it.
  return { ...res, values: res.usedSecrets.map((n) => loaded.get(n) as string) };
}

// ---- the table ----------------------------------------------------------------------------

/** Creates or replaces a secret. Throws SecretsKeyError when BATON_SECRETS_KEY is not set. */
export async function setSecret(db: Db | Tx, orgId: string, name: string, value: string, key: Buffer = secretsKey()): Promise<void> {
  assertName(name);
  const ciphertext = encryptSecret(value, key, context(orgId, name));
  await db.secret.upsert({
    where: { organizationId_name: { organizationId: orgId, name } },
    create: { organizationId: orgId, name, ciphertext },
    update: { ciphertext },
  });
}

/** Deletes a secret; false when there was none. */
export async function deleteSecret(db: Db | Tx, orgId: string, name: string): Promise<boolean> {
  const { count } = await db.secret.deleteMany({ where: { organizationId: orgId, name } });
  return count > 0;
}

/** The organization's secret names, sorted. Values are never returned, not even encrypted. */
export async function listSecretNames(db: Db | Tx, orgId: string): Promise<string[]> {
  const rows = await db.secret.findMany({ where: { organizationId: orgId }, select: { name: true }, orderBy: { name: "asc" } });
  return rows.map((r) => r.name);
}

// ---- redaction ----------------------------------------------------------------------------

export const REDACTED = "[redacted]";

/** The forms a value takes when it is echoed back in a URL, a JSON document or a Basic header. */
function variants(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2), // form/query encoding: space as +
    JSON.stringify(value).slice(1, -1),
    Buffer.from(value, "utf8").toString("base64"),
  ];
}

/**
 * Replaces every occurrence of the given secret values (raw, URL-encoded, JSON-escaped, base64)
 * in `text`. Use on anything that is logged or stored in incidents or audit events.
 * Longest first, so a secret that contains another is redacted whole.
 */
export function redactSecrets(text: string, values: readonly string[]): string {
  const needles = [...new Set(values.filter((v) => v.length > 0).flatMap(variants))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const n of needles) out = out.split(n).join(REDACTED);
  return out;
}

/** redactSecrets over every string (and key) of a JSON value, e.g. a response body kept in an incident. */
export function redactSecretsDeep<T>(value: T, values: readonly string[]): T {
  if (values.length === 0) return value;
  return walk(value, (s) => redactSecrets(s, values)) as T;
}
