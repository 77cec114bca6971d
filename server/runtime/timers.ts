import { sqlPool, type Db } from "../db/client";
import { sqlOf } from "../db/sql";
import { LookupBatch } from "./lookup-batch";

interface TimerRow {
  id: string;
  dueAt: Date;
  firedAt: Date | null;
  canceledAt: Date | null;
}

// One lookup batch per database client: timers falling due together are read by one query.
const lookups = new WeakMap<Db, LookupBatch<TimerRow>>();

function lookupFor(db: Db): LookupBatch<TimerRow> {
  let l = lookups.get(db);
  if (!l) {
    l = new LookupBatch(async (ids) => {
      const rows = await sqlOf(sqlPool(db)).query<TimerRow>(`SELECT id, "dueAt", "firedAt", "canceledAt" FROM "Timer" WHERE id = ANY($1::text[])`, ids);
      return new Map(rows.map((r) => [r.id, r]));
    });
    lookups.set(db, l);
  }
  return l;
}

export async function timerState(db: Db, timerId: string): Promise<"gone" | { dueAt: Date }> {
  const t = await lookupFor(db).get(timerId);
  if (!t || t.firedAt || t.canceledAt) return "gone";
  return { dueAt: t.dueAt };
}
