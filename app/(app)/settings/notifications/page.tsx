import { NotificationSettingsForm } from "@/components/notifications/notification-settings-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/server/auth/guard";
import { env } from "@/server/env";
import { NOTIFICATION_KINDS } from "@/server/notifications/notify-task";
import { notificationPreferences } from "@/server/queries/notifications/list-notifications";
import { saveNotificationPreferences } from "../../notification-actions";

export const metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  // every signed-in person manages their own settings: no permission beyond being signed in
  const actor = await requirePage("/settings/notifications");
  const prefs = await notificationPreferences(actor);
  const rows = Object.entries(NOTIFICATION_KINDS).map(([kind, label]) => ({ kind, label, inApp: prefs[kind]?.inApp ?? true, email: prefs[kind]?.email ?? true }));
  return (
    <>
      <PageHeader title="Notifications" description="Choose what Baton tells you about, in the bell and by email." />
      <NotificationSettingsForm rows={rows} emailConfigured={Boolean(env().SMTP_URL)} save={saveNotificationPreferences} />
    </>
  );
}
