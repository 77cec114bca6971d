"use client";
// Keyboard for the inbox list: j / k move between rows, Enter opens (the row's link has focus),
// c claims the focused task. Keys are ignored while typing in a field or inside a dialog/menu.
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import type { ActionResult } from "@/components/tasks/action-result";

function visibleRows(): HTMLElement[] {
  // Table and cards are both rendered; only the ones on screen count.
  return [...document.querySelectorAll<HTMLElement>("[data-inbox-row]")].filter((el) => el.offsetParent !== null);
}

export function InboxKeyboard({ claim }: { claim(taskId: string): Promise<ActionResult> }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [, startTransition] = useTransition();

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], [role=dialog], [role=menu]")) return;
      if (e.key !== "j" && e.key !== "k" && e.key !== "c") return;
      const rows = visibleRows();
      if (rows.length === 0) return;
      const at = rows.findIndex((r) => r.contains(document.activeElement));
      const focusRow = (i: number) => rows[i]?.querySelector<HTMLElement>("[data-row-link]")?.focus();
      e.preventDefault();
      if (e.key === "j") return focusRow(at < 0 ? 0 : Math.min(at + 1, rows.length - 1));
      if (e.key === "k") return focusRow(at < 0 ? 0 : Math.max(at - 1, 0));
      const row = rows[at];
      const taskId = row?.dataset.taskId;
      if (!row || !taskId) return setMessage({ text: "Move to a task with j / k first, then press c to claim it.", ok: false });
      const name = row.querySelector("[data-row-link]")?.textContent ?? "The task";
      if (!row.dataset.claimable) return setMessage({ text: `${name} cannot be claimed by you: it is taken or not offered to you.`, ok: false });
      startTransition(async () => {
        const r = await claim(taskId);
        setMessage(r.ok ? { text: `Claimed ${name}. It is now under “Assigned to me”.`, ok: true } : { text: r.message, ok: false });
        router.refresh();
      });
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [claim, router]);

  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <p className="hidden text-xs text-slate-500 md:block">
        Keyboard: <kbd className="rounded border border-slate-300 bg-white px-1">j</kbd> / <kbd className="rounded border border-slate-300 bg-white px-1">k</kbd> move ·{" "}
        <kbd className="rounded border border-slate-300 bg-white px-1">Enter</kbd> open · <kbd className="rounded border border-slate-300 bg-white px-1">c</kbd> claim
      </p>
      <p role="status" aria-live="polite" className={message ? `text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}` : "sr-only"} data-testid="inbox-message">
        {message?.text ?? ""}
      </p>
    </div>
  );
}
