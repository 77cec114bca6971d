import Link from "next/link";
import { NavLinks, type NavItem } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export interface ShellUser {
  name: string;
  email: string;
  roles: string[];
  organizationName: string;
}

function Logo() {
  return (
    <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight text-slate-900">
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden>
        <rect width="32" height="32" rx="7" fill="#2b55e0" />
        <path d="M9 23 23 9" stroke="#fff" strokeWidth="4" strokeLinecap="round" />
        <circle cx="23" cy="9" r="3" fill="#fbbf24" />
      </svg>
      Baton
    </Link>
  );
}

function Identity({ user }: { user: ShellUser }) {
  const initials = user.name.split(/\s+/).map((p) => p[0]).join("").slice(0, 2).toUpperCase();
  return (
    <div className="flex items-center gap-3" data-testid="identity">
      <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700">{initials}</span>
      <div className="min-w-0 text-sm">
        <div className="truncate font-medium text-slate-900" data-testid="identity-name">{user.name}</div>
        <div className="truncate text-slate-500">{user.email}</div>
        <div className="truncate text-xs text-slate-500">
          {user.organizationName} · {user.roles.join(", ")}
        </div>
      </div>
    </div>
  );
}

export function AppShell({ user, nav, bell, children }: { user: ShellUser; nav: NavItem[]; bell?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="min-h-screen lg:flex">
      <aside className="hidden w-64 shrink-0 flex-col justify-between border-r border-slate-200 bg-white px-4 py-5 lg:flex">
        <div className="flex flex-col gap-6">
          <div className="flex items-center justify-between gap-2">
            <Logo />
            {bell}
          </div>
          <NavLinks items={nav} orientation="vertical" />
        </div>
        <div className="flex flex-col gap-3 border-t border-slate-200 pt-4">
          <Identity user={user} />
          <SignOutButton />
        </div>
      </aside>
      <header className="border-b border-slate-200 bg-white px-4 py-3 lg:hidden">
        <div className="flex items-center justify-between gap-3">
          <Logo />
          <div className="flex items-center gap-2">
            {bell}
            <span className="max-w-[9rem] truncate text-sm text-slate-700" title={user.email}>{user.name}</span>
            <SignOutButton />
          </div>
        </div>
        <div className="mt-3">
          <NavLinks items={nav} orientation="horizontal" />
        </div>
      </header>
      <main className="min-w-0 flex-1 px-4 py-6 sm:px-8 lg:py-8">{children}</main>
    </div>
  );
}
