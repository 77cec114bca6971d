import type { Db } from "../db/client";

export async function timerState(db: Db, timerId: string): Promise<"gone" | { dueAt: Date }> {
  const t = await db.timer.findUnique({ where: { id: timerId }, select: { dueAt: true, firedAt: true, canceledAt: true } });
  if (!t || t.firedAt || t.canceledAt) return "gone";
  return { dueAt: t.dueAt };
}
