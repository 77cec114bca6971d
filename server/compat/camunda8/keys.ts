// Zeebe-style numeric keys for Baton ids: the Camunda 8 clients validate keys as Java longs
// (numeric strings), Baton's ids are UUIDs. A CompatKey row maps one to the other, allocated
// on first exposure from one sequence (unique across kinds, as Zeebe keys are); the sequence
// starts at 2^51 + 1, where Zeebe's partition 1 keys start, and stays below 2^53 for clients
// that parse keys as JavaScript numbers.
//
// A table rather than a 53-bit hash of the UUID: the reverse lookup (key -> id, on every
// request that names a key) needs an index either way, and a sequence cannot collide.
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";

export const KEY_KINDS = ["instance", "definition", "job", "task", "message", "deployment", "form"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

const KEY_PATTERN = /^[0-9]{1,19}$/;
const MAX_LONG = 9223372036854775807n;

/** Keys for many Baton ids of one kind, allocating those not seen before (one round trip, two after a race). */
export async function keysFor(organizationId: string, kind: KeyKind, batonIds: string[], db: Db = defaultDb()): Promise<Map<string, string>> {
  const ids = [...new Set(batonIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ key: bigint; batonId: string }[]>`
    WITH wanted AS (SELECT unnest(${ids}::text[]) AS "batonId"),
    inserted AS (
      INSERT INTO "CompatKey" ("organizationId", kind, "batonId")
      SELECT ${organizationId}, ${kind}, w."batonId" FROM wanted w
      ON CONFLICT ("organizationId", kind, "batonId") DO NOTHING
      RETURNING key, "batonId"
    )
    SELECT key, "batonId" FROM inserted
    UNION ALL
    SELECT c.key, c."batonId" FROM "CompatKey" c JOIN wanted w ON w."batonId" = c."batonId"
    WHERE c."organizationId" = ${organizationId} AND c.kind = ${kind}`;
  const keys = new Map(rows.map((r) => [r.batonId, r.key.toString()]));
  // A concurrent request inserted some of them after this statement's snapshot: read them now.
  const missing = ids.filter((id) => !keys.has(id));
  if (missing.length) {
    const late = await db.compatKey.findMany({ where: { organizationId, kind, batonId: { in: missing } }, select: { key: true, batonId: true } });
    for (const r of late) keys.set(r.batonId, r.key.toString());
  }
  return keys;
}

export async function keyFor(organizationId: string, kind: KeyKind, batonId: string, db: Db = defaultDb()): Promise<string> {
  const key = (await keysFor(organizationId, kind, [batonId], db)).get(batonId);
  if (!key) throw new Error(`no compat key allocated for ${kind} ${batonId}`);
  return key;
}

const NOUN: Record<KeyKind, string> = {
  instance: "process instance",
  definition: "process definition",
  job: "job",
  task: "user task",
  message: "message",
  deployment: "deployment",
  form: "form",
};

/** The Baton id behind a key of the caller's organization; an unknown key reads like Zeebe's NOT_FOUND. */
export async function batonIdFor(organizationId: string, kind: KeyKind, key: string, db: Db = defaultDb()): Promise<string> {
  if (!KEY_PATTERN.test(key)) {
    throw new BatonError("VALIDATION", `Expected a ${NOUN[kind]} key (a number), got "${key}".`, { fields: [{ field: "key", message: "not a numeric key" }] });
  }
  const n = BigInt(key);
  const row = n <= MAX_LONG ? await db.compatKey.findFirst({ where: { key: n, organizationId, kind }, select: { batonId: true } }) : null;
  if (!row) throw new BatonError("NOT_FOUND", `No ${NOUN[kind]} with key ${key}.`, { key });
  return row.batonId;
}
