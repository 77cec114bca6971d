// A new task tells the people it is for: its assignee, or everyone it is offered to (candidate
// users and the members of candidate groups), less those separation of duties excludes and
// disabled accounts. Runs in the worker from the outbox job the write path queued with the task:
// one bell row per person per job (unique sourceId + userId), so a redelivered job adds nothing;
// email is at least once (marked sent right after each send). Preferences: per person and kind.
import crypto from "node:crypto";
import type { Db } from "../db/client";
import { env } from "../env";
import { publishLive } from "../live/notices";
import { logger } from "../log";
import { deleteOutboxRow } from "../runtime/outbox";
import { sendEmail } from "./email";

export const NOTIFICATION_KINDS = {
  "task.assigned": "A task is assigned to me",
  "task.offered": "A task is offered to me or my groups",
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** More people than this for one task is a broadcast: the bell is the place for it, not a mail storm. */
export const MAX_RECIPIENTS = 500;

export async function notifyTask(db: Db, jobId: string, p: { organizationId: string; taskId: string }): Promise<{ notified: number; emailed: number }> {
  const task = await db.task.findFirst({
    where: { id: p.taskId, organizationId: p.organizationId },
    select: { id: true, name: true, status: true, assigneeId: true, candidateUsers: true, candidateGroups: true, excludedUsers: true, dueAt: true, instance: { select: { businessKey: true, definition: { select: { name: true } } } } },
  });
  if (!task || task.status !== "OPEN") {
    // gone or already done before anyone was told: nothing worth a bell
    await deleteOutboxRow(db, jobId);
    return { notified: 0, emailed: 0 };
  }
  const kind: NotificationKind = task.assigneeId ? "task.assigned" : "task.offered";
  const ids = new Set<string>(task.assigneeId ? [task.assigneeId] : task.candidateUsers);
  if (!task.assigneeId && task.candidateGroups.length) {
    const members = await db.groupMember.findMany({ where: { group: { organizationId: p.organizationId, key: { in: task.candidateGroups } } }, select: { userId: true } });
    for (const m of members) ids.add(m.userId);
  }
  for (const u of task.excludedUsers) ids.delete(u);
  const people = await db.user.findMany({ where: { id: { in: [...ids] }, organizationId: p.organizationId, disabled: false }, select: { id: true, email: true }, take: MAX_RECIPIENTS });
  const prefs = new Map((await db.notificationPreference.findMany({ where: { userId: { in: people.map((u) => u.id) }, kind } })).map((r) => [r.userId, r]));
  const process = task.instance.definition.name + (task.instance.businessKey ? ` · ${task.instance.businessKey}` : "");
  const title = kind === "task.assigned" ? `Assigned to you: ${task.name}` : `New task for you: ${task.name}`;
  const body = `${process}${task.dueAt ? ` — due ${task.dueAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}`;
  const link = `/tasks/${task.id}`;
  const now = new Date();
  const wanted = people.filter((u) => (prefs.get(u.id)?.inApp ?? true) || (prefs.get(u.id)?.email ?? true));
  await db.notification.createMany({
    data: wanted.map((u) => ({
      id: crypto.randomUUID(), organizationId: p.organizationId, userId: u.id, kind, title, body, link, sourceId: jobId,
      // email only: the row exists for bookkeeping, already read so the bell does not show it
      ...((prefs.get(u.id)?.inApp ?? true) ? {} : { readAt: now }),
    })),
    skipDuplicates: true,
  });
  let emailed = 0;
  const base = (env().NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
  const pending = await db.notification.findMany({ where: { sourceId: jobId, emailedAt: null }, select: { id: true, userId: true } });
  for (const n of pending) {
    const person = people.find((u) => u.id === n.userId);
    if (!person || !(prefs.get(n.userId)?.email ?? true)) continue;
    await sendEmail({ to: person.email, subject: `[Baton] ${title}`, text: `${title}\n${body}\n\nOpen it: ${base}${link}\n\nYou get this because of your notification settings in Baton (${base}/settings/notifications).` });
    await db.notification.update({ where: { id: n.id }, data: { emailedAt: new Date() } });
    emailed++;
  }
  if (wanted.length) await publishLive(p.organizationId, { taskIds: [], instanceIds: [], users: wanted.map((u) => u.id) });
  await deleteOutboxRow(db, jobId);
  if (people.length === MAX_RECIPIENTS) logger.warn({ taskId: task.id, max: MAX_RECIPIENTS }, "task offered to more people than are notified");
  return { notified: wanted.length, emailed };
}
