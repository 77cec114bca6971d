// The key mapping against a real database: stable, unique across kinds, per organization,
// safe under concurrent first use, and the errors a bad or foreign key gets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";
import { createTestDatabase, type TestDatabase } from "../../testing/test-db";
import { batonIdFor, keyFor, keysFor } from "./keys";

let t: TestDatabase;
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase("c8keys");
  db = createDb(t.url, 8);
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

describe("compat keys", () => {
  it("gives each Baton id one stable numeric key, Zeebe-like and unique across kinds", async () => {
    const a = await keysFor("org1", "instance", ["i-1", "i-2", "i-1"], db);
    expect([...a.keys()].sort()).toEqual(["i-1", "i-2"]);
    for (const k of a.values()) {
      expect(k).toMatch(/^\d+$/);
      expect(BigInt(k) >> 51n).toBe(1n); // partition 1, as Zeebe encodes it
      expect(Number(k)).toBeLessThan(Number.MAX_SAFE_INTEGER);
    }
    const again = await keysFor("org1", "instance", ["i-2", "i-1"], db);
    expect(again).toEqual(a);
    const asJob = await keyFor("org1", "job", "i-1", db);
    expect(asJob).not.toBe(a.get("i-1"));
    expect(await keysFor("org1", "task", [], db)).toEqual(new Map());
  });

  it("maps a key back to its id only in its organization and kind", async () => {
    const key = await keyFor("org1", "task", "t-1", db);
    expect(await batonIdFor("org1", "task", key, db)).toBe("t-1");
    await expect(batonIdFor("org2", "task", key, db)).rejects.toMatchObject({ code: "NOT_FOUND", message: `No user task with key ${key}.` });
    await expect(batonIdFor("org1", "instance", key, db)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(batonIdFor("org1", "task", "9999999999999999999", db)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(batonIdFor("org1", "task", "abc", db)).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining('"abc"') });
    await expect(batonIdFor("org1", "task", "-5", db)).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("allocates one key when many requests see an id for the first time at once", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `c-${i}`);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => keysFor("org1", "instance", i % 2 ? ids : [...ids].reverse(), db)));
    for (const r of results) {
      expect(r.size).toBe(ids.length);
      expect(r).toEqual(results[0]);
    }
    expect(await db.compatKey.count({ where: { organizationId: "org1", kind: "instance", batonId: { in: ids } } })).toBe(ids.length);
  });
});
