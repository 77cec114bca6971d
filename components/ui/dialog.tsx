"use client";
// A thin wrapper over Radix Dialog (focus trap, Escape, aria wiring), styled for Baton.
import * as RadixDialog from "@radix-ui/react-dialog";

export const Dialog = RadixDialog.Root;
export const DialogTrigger = RadixDialog.Trigger;
export const DialogClose = RadixDialog.Close;

export function DialogContent({ title, description, children, className = "" }: { title: string; description?: React.ReactNode; children: React.ReactNode; className?: string }) {
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
      <RadixDialog.Content
        className={`fixed left-1/2 top-[12vh] z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 rounded-xl border border-slate-200 bg-white p-5 shadow-xl focus:outline-none ${className}`}
        {...(description ? {} : { "aria-describedby": undefined })}
      >
        <RadixDialog.Title className="text-base font-semibold text-slate-900">{title}</RadixDialog.Title>
        {description ? <RadixDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixDialog.Description> : null}
        <div className="mt-4">{children}</div>
        <RadixDialog.Close aria-label="Close" className="absolute right-3 top-3 rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900">
          <svg viewBox="0 0 20 20" className="size-5" aria-hidden><path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" /></svg>
        </RadixDialog.Close>
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}
