// Keyset paging shared by the list queries: `limit` (1..200) and an opaque `cursor` that
// encodes the sort key of the last row returned, so pages stay stable while rows are added.
import { z } from "zod";
import { BatonError } from "../errors";

export const MAX_LIMIT = 200;

export const ZPaging = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT, `limit: at most ${MAX_LIMIT}`).default(50),
  cursor: z.string().min(1).max(300).optional().describe("`nextCursor` of the previous page"),
};

/** An ISO 8601 date or date-time in a query string. */
export const ZDateParam = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), "expected an ISO 8601 date or date-time, e.g. 2026-01-31T12:00:00Z")
  .meta({ format: "date-time" });

/** `true`/`false` in a query string (z.coerce.boolean would read "false" as true). */
export const ZBoolParam = z.enum(["true", "false"]).transform((v) => v === "true");

interface CursorKey {
  at: Date;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at.toISOString(), key.id])).toString("base64url");
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    if (typeof id !== "string" || Number.isNaN(date.getTime())) throw new Error("bad cursor");
    return { at: date, id };
  } catch {
    throw new BatonError("VALIDATION", "query.cursor: not a cursor this API returned; pass `nextCursor` from the previous page", {
      fields: [{ field: "query.cursor", message: "invalid cursor" }],
    });
  }
}

/** Rows strictly after the cursor in `field desc, id desc` order (a Prisma `where`). */
export function afterCursor<F extends string>(field: F, cursor: string | undefined) {
  if (!cursor) return {};
  const { at, id } = decodeCursor(cursor);
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] } as Record<string, unknown>;
}

/** Rows are fetched with `take: limit + 1`; the extra row only says whether a next page exists. */
export function toPage<R, V>(rows: R[], limit: number, key: (row: R) => CursorKey, view: (row: R) => V): { items: V[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(view), nextCursor: more ? encodeCursor(key(kept[kept.length - 1])) : null };
}

export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
