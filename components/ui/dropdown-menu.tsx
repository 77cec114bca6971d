"use client";
// A thin wrapper over Radix DropdownMenu (arrow keys, typeahead, Escape, aria roles), styled for Baton.
import * as Menu from "@radix-ui/react-dropdown-menu";

export const DropdownMenu = Menu.Root;
export const DropdownMenuTrigger = Menu.Trigger;

export function DropdownMenuContent({ children, align = "end" }: { children: React.ReactNode; align?: "start" | "end" | "center" }) {
  return (
    <Menu.Portal>
      <Menu.Content align={align} sideOffset={6} className="z-50 min-w-48 rounded-lg border border-slate-200 bg-white p-1 text-sm shadow-lg">
        {children}
      </Menu.Content>
    </Menu.Portal>
  );
}

export function DropdownMenuItem({ children, onSelect, disabled, tone = "default" }: { children: React.ReactNode; onSelect?: (e: Event) => void; disabled?: boolean; tone?: "default" | "danger" }) {
  return (
    <Menu.Item
      onSelect={onSelect}
      disabled={disabled}
      className={`flex cursor-pointer select-none items-center gap-2 rounded-md px-2.5 py-2 outline-none data-[disabled]:cursor-not-allowed data-[disabled]:opacity-50 data-[highlighted]:bg-slate-100 ${tone === "danger" ? "text-red-700" : "text-slate-800"}`}
    >
      {children}
    </Menu.Item>
  );
}

export function DropdownMenuSeparator() {
  return <Menu.Separator className="my-1 h-px bg-slate-200" />;
}
