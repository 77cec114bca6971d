// Marking notifications read and choosing what to be told: only ever one's own rows.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { NOTIFICATION_KINDS } from "../../notifications/notify-task";

export const ZMarkRead = z.union([z.object({ all: z.literal(true) }), z.object({ id: z.string().min(1).max(100) })]);

export async function markNotificationsRead(actor: Actor, request: z.input<typeof ZMarkRead>, deps: { db?: Db } = {}): Promise<{ updated: number }> {
  const input = ZMarkRead.parse(request);
  const db = deps.db ?? defaultDb();
  const where = { userId: actor.userId, organizationId: actor.organizationId, readAt: null, ...("id" in input ? { id: input.id } : {}) };
  const r = await db.notification.updateMany({ where, data: { readAt: new Date() } });
  return { updated: r.count };
}

const ZKind = z.enum(Object.keys(NOTIFICATION_KINDS) as [keyof typeof NOTIFICATION_KINDS, ...(keyof typeof NOTIFICATION_KINDS)[]]);
export const ZPreference = z.object({ kind: ZKind, inApp: z.boolean(), email: z.boolean() });

export async function setNotificationPreferences(actor: Actor, prefs: z.input<typeof ZPreference>[], deps: { db?: Db } = {}): Promise<void> {
  const parsed = z.array(ZPreference).max(20).safeParse(prefs);
  if (!parsed.success) throw new BatonError("VALIDATION", `preferences: ${parsed.error.issues[0]?.message ?? "invalid"}`, { field: "preferences" });
  const db = deps.db ?? defaultDb();
  await db.$transaction(parsed.data.map((p) => db.notificationPreference.upsert({
    where: { userId_kind: { userId: actor.userId, kind: p.kind } },
    create: { userId: actor.userId, kind: p.kind, inApp: p.inApp, email: p.email },
    update: { inApp: p.inApp, email: p.email },
  })));
}
