import { sqlPool, type Db } from "../db/client";
import { sqlOf } from "../db/sql";

export async function timerState(db: Db, timerId: string): Promise<"gone" | { dueAt: Date }> {
  const [t] = await sqlOf(sqlPool(db)).query<{ dueAt: Date; firedAt: Date | null; canceledAt: Date | null }>(
    `SELECT "dueAt", "firedAt", "canceledAt" FROM "Timer" WHERE id = $1`,
    timerId,
  );
  if (!t || t.firedAt || t.canceledAt) return "gone";
  return { dueAt: t.dueAt };
}
