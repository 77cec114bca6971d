"use client";
// What to be told, and how: one row per kind, the bell and email as checkboxes.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";

export interface SettingsRow {
  kind: string;
  label: string;
  inApp: boolean;
  email: boolean;
}

type Result = { ok: boolean; message: string } | null;

export function NotificationSettingsForm({ rows, emailConfigured, save }: {
  rows: SettingsRow[];
  emailConfigured: boolean;
  save: (prev: Result, form: FormData) => Promise<{ ok: boolean; message: string }>;
}) {
  const [result, action, pending] = useActionState(save, null);
  return (
    <form action={action} className="max-w-2xl rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-sm">
        <caption className="sr-only">Notification settings</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-600">
            <th scope="col" className="px-4 py-3 font-medium">When</th>
            <th scope="col" className="w-24 px-4 py-3 text-center font-medium">In Baton</th>
            <th scope="col" className="w-24 px-4 py-3 text-center font-medium">Email</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.kind} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="px-4 py-3 text-left font-normal text-slate-800">{r.label}</th>
              <td className="px-4 py-3 text-center">
                <input type="checkbox" name={`${r.kind}:inApp`} defaultChecked={r.inApp} aria-label={`${r.label}: in Baton`} className="size-4 accent-brand-600" />
              </td>
              <td className="px-4 py-3 text-center">
                <input type="checkbox" name={`${r.kind}:email`} defaultChecked={r.email} aria-label={`${r.label}: email`} className="size-4 accent-brand-600" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 px-4 py-3">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
        <span role="status" className={`text-sm ${result?.ok === false ? "text-red-700" : "text-slate-600"}`}>{result?.message ?? ""}</span>
        {emailConfigured ? null : <span className="text-xs text-slate-500">This server sends no email yet (no SMTP_URL): email settings take effect once it does.</span>}
      </div>
    </form>
  );
}
