"use server";
// The bell's and the notification settings' server actions: the session's person, their own rows only.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentActor } from "@/server/auth/session";
import { markNotificationsRead, setNotificationPreferences } from "@/server/commands/notifications/manage-notifications";
import { isBatonError } from "@/server/errors";
import { NOTIFICATION_KINDS } from "@/server/notifications/notify-task";

export async function markAllNotificationsRead(): Promise<void> {
  const actor = await currentActor();
  if (!actor) return;
  await markNotificationsRead(actor, { all: true });
  revalidatePath("/", "layout");
}

/** Marks one read, then opens what it points at (a path inside Baton only). */
export async function openNotification(id: string, link: string | null): Promise<void> {
  const actor = await currentActor();
  if (!actor) return;
  await markNotificationsRead(actor, { id: String(id).slice(0, 100) });
  revalidatePath("/", "layout");
  if (link && link.startsWith("/") && !link.startsWith("//") && !link.includes("\\")) redirect(link);
}

export async function saveNotificationPreferences(_prev: { ok: boolean; message: string } | null, form: FormData): Promise<{ ok: boolean; message: string }> {
  const actor = await currentActor();
  if (!actor) return { ok: false, message: "Sign in again to change your settings." };
  try {
    await setNotificationPreferences(actor, Object.keys(NOTIFICATION_KINDS).map((kind) => ({
      kind: kind as keyof typeof NOTIFICATION_KINDS,
      inApp: form.get(`${kind}:inApp`) === "on",
      email: form.get(`${kind}:email`) === "on",
    })));
  } catch (err) {
    return { ok: false, message: isBatonError(err) ? err.message : "Your settings could not be saved; try again." };
  }
  revalidatePath("/settings/notifications");
  return { ok: true, message: "Saved." };
}
