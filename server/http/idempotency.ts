// `Idempotency-Key` for POST routes: the same key with the same request answers the first
// result (status and body) without running the command again; the same key with a different
// request is a 409. The key is reserved before the command runs, so two concurrent requests
// with one key never both run it. Keys are per organization and live 24 hours (as Stripe's).
import { canonicalJson, sha256Hex } from "../audit/canonical";
import type { Actor } from "../authz/actor";
import { db as defaultDb, type Db } from "../db/client";
import { Prisma } from "../db/client";
import { BatonError } from "../errors";

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** Marks a reserved key whose request has not finished yet. */
const IN_FLIGHT = 0;

export interface StoredResult {
  status: number;
  body: unknown;
}

function readKey(request: Request): string | null {
  const key = request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new BatonError("VALIDATION", "headers.idempotency-key: 1 to 255 visible ASCII characters", {
      fields: [{ field: "headers.idempotency-key", message: "1 to 255 visible ASCII characters" }],
    });
  }
  return key;
}

/** The request's identity: method, path and canonical body, so key order or spacing do not matter. */
export function requestHash(request: Request, body: unknown): string {
  return sha256Hex(canonicalJson({ method: request.method, path: new URL(request.url).pathname, body: body ?? null }));
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/**
 * Runs `run` at most once per (organization, key). Without the header it simply runs.
 * A failed run (any error) releases the key, so the client may retry with it.
 */
export async function withIdempotency(
  actor: Actor,
  request: Request,
  body: unknown,
  run: () => Promise<StoredResult>,
  deps: { db?: Db; now?: Date } = {},
): Promise<Response> {
  const key = readKey(request);
  if (key === null) {
    const r = await run();
    return Response.json(r.body, { status: r.status });
  }
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? new Date();
  const hash = requestHash(request, body);
  const id = { organizationId_key: { organizationId: actor.organizationId, key } };

  const reserved = await reserve(db, actor.organizationId, key, hash, now);
  if (!reserved) {
    const existing = await db.idempotencyKey.findUnique({ where: id });
    if (!existing) throw new BatonError("CONFLICT", "A request with this Idempotency-Key was just released; send it again.");
    if (existing.requestHash !== hash) {
      throw new BatonError("CONFLICT", "This Idempotency-Key was already used with a different request; use a new key for a new request.", { key });
    }
    if (existing.status === IN_FLIGHT) {
      throw new BatonError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry in a moment.", { key });
    }
    return Response.json(existing.response, { status: existing.status, headers: { "idempotent-replayed": "true" } });
  }

  let result: StoredResult;
  try {
    result = await run();
  } catch (err) {
    await db.idempotencyKey.delete({ where: id }).catch(() => {});
    throw err;
  }
  await db.idempotencyKey.update({ where: id, data: { status: result.status, response: JSON.parse(JSON.stringify(result.body ?? {})) } });
  return Response.json(result.body, { status: result.status });
}

/** Inserts the key as in flight; replaces an expired one. False when the key is taken. */
async function reserve(db: Db, organizationId: string, key: string, hash: string, now: Date): Promise<boolean> {
  await db.idempotencyKey.deleteMany({ where: { organizationId, key, createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } } });
  try {
    await db.idempotencyKey.create({ data: { organizationId, key, requestHash: hash, status: IN_FLIGHT, response: {}, createdAt: now } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

