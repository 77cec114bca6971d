// Every screen depends on who is signed in: never prerendered.
export const dynamic = "force-dynamic";

import { LiveRefresh } from "@/components/live/live-refresh";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { bellFor } from "@/server/queries/notifications/list-notifications";
import { markAllNotificationsRead, openNotification } from "./notification-actions";
import { AppShell } from "@/components/shell/app-shell";
import { currentActor } from "@/server/auth/session";
import { navigationFor, rolesAllow } from "@/server/authz/permissions";
import { organizationName } from "@/server/queries/organizations/organization-name";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Pages check access themselves too; the layout only needs an identity to draw the shell.
  // Without one, the page's own requirePage() redirects to sign-in with its callbackUrl.
  const actor = await currentActor();
  if (!actor) return <>{children}</>;
  const bell = await bellFor(actor);
  const nav = navigationFor(actor.roles).map(({ key, label, href }) => ({ key, label, href }));
  return (
    <AppShell
      user={{ name: actor.name, email: actor.email, roles: actor.roles, organizationName: await organizationName(actor) }}
      nav={nav}
      bell={<NotificationBell {...bell} open={openNotification} markAll={markAllNotificationsRead} />}
    >
      {children}
      {rolesAllow(actor.roles, "task.list") ? <LiveRefresh /> : null}
    </AppShell>
  );
}
