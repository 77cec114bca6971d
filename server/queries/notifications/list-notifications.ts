// The bell: unread count and the latest notifications of the signed-in person (never anyone else's).
import type { Actor } from "../../authz/actor";
import { db as defaultDb, type Db } from "../../db/client";

export interface TNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}

export async function bellFor(actor: Actor, deps: { db?: Db; limit?: number } = {}): Promise<{ unread: number; items: TNotification[] }> {
  const db = deps.db ?? defaultDb();
  const mine = { userId: actor.userId, organizationId: actor.organizationId };
  const [unread, rows] = await Promise.all([
    db.notification.count({ where: { ...mine, readAt: null }, take: 100 }),
    db.notification.findMany({ where: mine, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: deps.limit ?? 8 }),
  ]);
  return {
    unread,
    items: rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, read: n.readAt !== null, createdAt: n.createdAt.toISOString() })),
  };
}

export async function notificationPreferences(actor: Actor, deps: { db?: Db } = {}): Promise<Record<string, { inApp: boolean; email: boolean }>> {
  const rows = await (deps.db ?? defaultDb()).notificationPreference.findMany({ where: { userId: actor.userId } });
  return Object.fromEntries(rows.map((r) => [r.kind, { inApp: r.inApp, email: r.email }]));
}
