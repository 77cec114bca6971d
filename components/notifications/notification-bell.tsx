"use client";
// The bell in the app shell: unread count, the latest notifications, "mark all read". Data comes
// from the layout (server) and is refreshed by the live stream; actions are server actions.
import Link from "next/link";
import { useTransition } from "react";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

export interface BellItem {
  id: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}

function ago(iso: string): string {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export function NotificationBell({ unread, items, open, markAll }: {
  unread: number;
  items: BellItem[];
  open: (id: string, link: string | null) => Promise<void>;
  markAll: () => Promise<void>;
}) {
  const [pending, start] = useTransition();
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread > 99 ? "99+" : unread} unread`;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={label}
        data-testid="notification-bell"
        className="relative inline-flex size-9 items-center justify-center rounded-full text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8" strokeLinejoin="round" />
          <path d="M10.3 20a1.9 1.9 0 0 0 3.4 0" strokeLinecap="round" />
        </svg>
        {unread > 0 ? (
          <span data-testid="notification-count" className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-5 text-white">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <div className="flex w-80 max-w-[calc(100vw-2rem)] items-center justify-between px-2.5 py-2">
          <span className="font-semibold text-slate-900">Notifications</span>
          <Link href="/settings/notifications" className="text-xs font-medium text-brand-700 hover:underline">Settings</Link>
        </div>
        <DropdownMenuSeparator />
        {items.length === 0 ? (
          <p className="px-2.5 py-4 text-slate-500">Nothing yet. New tasks for you and your groups show up here.</p>
        ) : (
          items.map((n) => (
            <DropdownMenuItem key={n.id} onSelect={() => start(() => open(n.id, n.link))}>
              <span className={`mt-1.5 size-2 shrink-0 self-start rounded-full ${n.read ? "bg-transparent" : "bg-brand-600"}`} aria-hidden />
              <span className="min-w-0 flex-1">
                <span className={`block truncate ${n.read ? "text-slate-600" : "font-medium text-slate-900"}`}>{n.title}</span>
                <span className="block truncate text-xs text-slate-500">{n.body}</span>
                <span className="block text-xs text-slate-400">{ago(n.createdAt)}{n.read ? "" : " · unread"}</span>
              </span>
            </DropdownMenuItem>
          ))
        )}
        {unread > 0 ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem disabled={pending} onSelect={(e) => { e.preventDefault(); start(() => markAll()); }}>
              Mark all as read
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
