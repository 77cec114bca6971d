import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/client";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";
import {
  decryptSecret,
  deleteSecret,
  encryptSecret,
  envSecret,
  listSecretNames,
  loadSecrets,
  redactSecrets,
  redactSecretsDeep,
  resolveSecrets,
  resolveSecretsFor,
  secretNamesIn,
  secretsKey,
  SecretDecryptError,
  SecretsKeyError,
  setSecret,
  UnknownSecretError,
} from "./secrets";

const key = crypto.randomBytes(32);

describe("encryption", () => {
  it("round-trips, with a fresh nonce each time", () => {
    const a = encryptSecret("s3cr3t ✓", key, "org/NAME");
    const b = encryptSecret("s3cr3t ✓", key, "org/NAME");
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cr3t");
    expect(decryptSecret(a, key, "org/NAME")).toBe("s3cr3t ✓");
  });

  it("detects a tampered ciphertext or tag (GCM authentication)", () => {
    const [v, iv, tag, ct] = encryptSecret("value", key, "org/NAME").split(".");
    const flip = (s: string) => {
      const buf = Buffer.from(s, "base64url");
      buf[0] ^= 1;
      return buf.toString("base64url");
    };
    expect(() => decryptSecret([v, iv, tag, flip(ct)].join("."), key, "org/NAME")).toThrow(SecretDecryptError);
    expect(() => decryptSecret([v, iv, flip(tag), ct].join("."), key, "org/NAME")).toThrow(SecretDecryptError);
    expect(() => decryptSecret([v, iv, tag.slice(0, 10), ct].join("."), key, "org/NAME")).toThrow(SecretDecryptError);
    expect(() => decryptSecret("garbage", key, "org/NAME")).toThrow(SecretDecryptError);
  });

  it("refuses a ciphertext moved to another row, or read with another key", () => {
    const c = encryptSecret("value", key, "org1/NAME");
    expect(() => decryptSecret(c, key, "org2/NAME")).toThrow(SecretDecryptError);
    expect(() => decryptSecret(c, crypto.randomBytes(32), "org1/NAME")).toThrow(SecretDecryptError);
    try {
      decryptSecret(c, key, "org2/NAME");
    } catch (e) {
      expect((e as Error).message).not.toContain("value");
    }
  });

  it("reads BATON_SECRETS_KEY as hex or base64 and explains a missing or bad key", () => {
    expect(secretsKey({ BATON_SECRETS_KEY: key.toString("hex") }).equals(key)).toBe(true);
    expect(secretsKey({ BATON_SECRETS_KEY: key.toString("base64") }).equals(key)).toBe(true);
    expect(secretsKey({ BATON_SECRETS_KEY: key.toString("base64url") }).equals(key)).toBe(true);
    expect(() => secretsKey({})).toThrow(/BATON_SECRETS_KEY.*not set/);
    expect(() => secretsKey({ BATON_SECRETS_KEY: "too-short" })).toThrow(SecretsKeyError);
    expect(() => secretsKey({ BATON_SECRETS_KEY: crypto.randomBytes(16).toString("hex") })).toThrow(SecretsKeyError);
  });
});

describe("placeholders", () => {
  const template = {
    url: "https://{{secrets.HOST}}/v1?key={{ secrets.API_KEY }}",
    headers: { Authorization: "Bearer {{secrets.TOKEN}}", "{{secrets.HEADER_NAME}}": "x" },
    body: [{ note: "no secret here", n: 1, ok: true, none: null }, "{{secrets.TOKEN}}{{secrets.TOKEN}}"],
  };
  const values: Record<string, string> = { HOST: "api.example.com", API_KEY: "k-1", TOKEN: "t-2", HEADER_NAME: "X-Key" };

  it("lists referenced names and replaces them in nested strings and keys", () => {
    expect(secretNamesIn(template)).toEqual(["API_KEY", "HEADER_NAME", "HOST", "TOKEN"]);
    const { value, usedSecrets } = resolveSecrets(template, (n) => values[n]);
    expect(value).toEqual({
      url: "https://api.example.com/v1?key=k-1",
      headers: { Authorization: "Bearer t-2", "X-Key": "x" },
      body: [{ note: "no secret here", n: 1, ok: true, none: null }, "t-2t-2"],
    });
    expect(usedSecrets).toEqual(["API_KEY", "HEADER_NAME", "HOST", "TOKEN"]);
  });

  it("names an unknown secret in a typed error, without any value", () => {
    let err: unknown;
    try {
      resolveSecrets(template, (n) => (n === "TOKEN" ? undefined : values[n]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnknownSecretError);
    expect((err as UnknownSecretError).secret).toBe("TOKEN");
    expect((err as Error).message).toContain('"TOKEN"');
    expect((err as Error).message).not.toContain("k-1");
  });

  it("does not substitute placeholders that appear inside a secret's value", () => {
    const { value } = resolveSecrets("{{secrets.A}}", (n) => (n === "A" ? "{{secrets.B}}" : "leak"));
    expect(value).toBe("{{secrets.B}}");
  });
});

describe("environment secrets", () => {
  it("reads BATON_SECRET_<NAME>, and plain names only when allow-listed", () => {
    const env = { BATON_SECRET_TOKEN: "from-prefix", STRIPE_KEY: "sk", DATABASE_URL: "postgres://x", BATON_SECRETS_FROM_ENV: " STRIPE_KEY , OTHER" };
    expect(envSecret("TOKEN", env)).toBe("from-prefix");
    expect(envSecret("STRIPE_KEY", env)).toBe("sk");
    expect(envSecret("DATABASE_URL", env)).toBeUndefined();
  });
});

describe("redaction", () => {
  it("removes raw, URL-encoded, JSON-escaped and base64 forms, longest first", () => {
    const s = 'p@ss "word"/x';
    const text = [
      `raw=${s}`,
      `url=${encodeURIComponent(s)}`,
      `json=${JSON.stringify({ s })}`,
      `b64=${Buffer.from(s).toString("base64")}`,
      "keep=p@ss",
    ].join(" ");
    const out = redactSecrets(text, [s, "p@ss", ""]);
    expect(out).not.toContain("word");
    expect(out).toBe('raw=[redacted] url=[redacted] json={"s":"[redacted]"} b64=[redacted] keep=[redacted]');
    expect(redactSecretsDeep({ a: ["tok tok", { tok: 1 }] }, ["tok"])).toEqual({ a: ["[redacted] [redacted]", { "[redacted]": 1 }] });
  });
});

describe("Secret table", () => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase("secrets");
    db = createDb(t.url, 2);
    await db.organization.create({ data: { id: "o1", slug: "o1", name: "One" } });
    await db.organization.create({ data: { id: "o2", slug: "o2", name: "Two" } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });

  it("stores encrypted, lists names only, resolves per organization and deletes", async () => {
    await setSecret(db, "o1", "API_TOKEN", "tok-o1", key);
    await setSecret(db, "o1", "API_TOKEN", "tok-o1-v2", key); // replaces
    await setSecret(db, "o1", "OTHER", "zzz", key);
    await setSecret(db, "o2", "API_TOKEN", "tok-o2", key);

    const row = await db.secret.findUniqueOrThrow({ where: { organizationId_name: { organizationId: "o1", name: "API_TOKEN" } } });
    expect(row.ciphertext).not.toContain("tok-o1");
    expect(await listSecretNames(db, "o1")).toEqual(["API_TOKEN", "OTHER"]);

    const env = {};
    const res = await resolveSecretsFor(db, "o1", { headers: { Authorization: "Bearer {{secrets.API_TOKEN}}" } }, { env, key });
    expect(res.value).toEqual({ headers: { Authorization: "Bearer tok-o1-v2" } });
    expect(res.usedSecrets).toEqual(["API_TOKEN"]);
    expect(res.values).toEqual(["tok-o1-v2"]);
    expect((await loadSecrets(db, "o2", ["API_TOKEN"], { env, key })).get("API_TOKEN")).toBe("tok-o2");

    expect(await deleteSecret(db, "o1", "OTHER")).toBe(true);
    expect(await deleteSecret(db, "o1", "OTHER")).toBe(false);
    expect(await listSecretNames(db, "o1")).toEqual(["API_TOKEN"]);
    await expect(resolveSecretsFor(db, "o1", "{{secrets.OTHER}}", { env, key })).rejects.toThrow(UnknownSecretError);
  });

  it("prefers the environment over the table, and needs no key for env-only secrets", async () => {
    await setSecret(db, "o1", "SHARED", "from-table", key);
    const env = { BATON_SECRET_SHARED: "from-env" };
    const res = await resolveSecretsFor(db, "o1", "{{secrets.SHARED}}", { env });
    expect(res.value).toBe("from-env");
  });

  it("refuses to store or read table secrets without a key, and rejects a moved row", async () => {
    await expect(setSecret(db, "o1", "X", "v", secretsKey({ BATON_SECRETS_KEY: key.toString("hex") }))).resolves.toBeUndefined();
    await expect(loadSecrets(db, "o1", ["X"], { env: {} })).rejects.toThrow(SecretsKeyError);
    await expect(setSecret(db, "o1", "bad-name", "v", key)).rejects.toThrow(/secret name/);

    // Copying o1's ciphertext into o2's row must not yield o1's secret to o2.
    const row = await db.secret.findUniqueOrThrow({ where: { organizationId_name: { organizationId: "o1", name: "X" } } });
    await db.secret.create({ data: { organizationId: "o2", name: "X", ciphertext: row.ciphertext } });
    await expect(loadSecrets(db, "o2", ["X"], { env: {}, key })).rejects.toThrow(SecretDecryptError);
  });
});
