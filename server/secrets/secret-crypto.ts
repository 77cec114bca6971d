// AES-256-GCM for secret values at rest, and the key from BATON_SECRETS_KEY.
import crypto from "node:crypto";
import { z } from "zod";
import { BatonError } from "../errors";

/** The key is missing or malformed: secrets in the table can be neither stored nor read. */
export class SecretsKeyError extends BatonError {
  constructor(message: string) {
    super("UNAVAILABLE", message);
    this.name = "SecretsKeyError";
  }
}

/** A stored ciphertext failed authentication (edited, moved to another row, or another key). */
export class SecretDecryptError extends BatonError {
  constructor(context: string) {
    // The context names the row (org and secret name), never the value.
    super("UNPROCESSABLE", `secret ${context} could not be decrypted: it was modified or BATON_SECRETS_KEY changed`, { context });
    this.name = "SecretDecryptError";
  }
}

const KEY_HELP = "BATON_SECRETS_KEY must be 32 bytes as 64 hex characters or base64 (generate one with `openssl rand -base64 32`)";

function decodeKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t)) {
    const buf = Buffer.from(t, t.includes("-") || t.includes("_") ? "base64url" : "base64");
    return buf.length === 32 ? buf : undefined;
  }
  return undefined;
}

// Read here rather than in server/env.ts so that a missing key only breaks secret storage,
// not the whole app (env() would refuse to start without it).
const SecretsEnv = z.object({
  BATON_SECRETS_KEY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const key = decodeKey(v);
      if (!key) {
        ctx.addIssue({ code: "custom", message: KEY_HELP });
        return z.NEVER;
      }
      return key;
    }),
});

/** The 32-byte key from `BATON_SECRETS_KEY`; throws SecretsKeyError if it is unset or malformed. */
export function secretsKey(env: Record<string, string | undefined> = process.env): Buffer {
  const parsed = SecretsEnv.safeParse(env);
  if (!parsed.success) throw new SecretsKeyError(`${KEY_HELP}; the value set is not valid`);
  if (!parsed.data.BATON_SECRETS_KEY) {
    throw new SecretsKeyError(`${KEY_HELP}; it is not set, so secrets cannot be stored in or read from the database`);
  }
  return parsed.data.BATON_SECRETS_KEY;
}

const VERSION = "v1";
const IV_BYTES = 12; // the GCM standard nonce size; random per encryption

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new SecretsKeyError(`${KEY_HELP}; got ${key.length} bytes`);
}

/**
 * Encrypts `value` as `v1.<iv>.<tag>.<ciphertext>` (base64url parts).
 * `context` (e.g. `orgId/name`) is bound as additional authenticated data, so a ciphertext
 * copied into another organization's or another secret's row fails to decrypt.
 */
export function encryptSecret(value: string, key: Buffer, context: string): string {
  checkKey(key);
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(".");
}

/** Inverse of encryptSecret; throws SecretDecryptError on any tampering or a wrong key/context. */
export function decryptSecret(ciphertext: string, key: Buffer, context: string): string {
  checkKey(key);
  const parts = ciphertext.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretDecryptError(context);
  const [, ivText, tagText, ctText] = parts;
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  // A short tag would weaken authentication; GCM in node accepts truncated tags unless we check.
  if (iv.length !== IV_BYTES || tag.length !== 16) throw new SecretDecryptError(context);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptError(context);
  }
}
