// The timeline of a request: the steps of server/queries/timeline/instance-timeline.ts as an
// ordered list. A server component (no client JS); times read as "3 hours ago" with the exact
// UTC time beside them. Every text is rendered escaped (comments come from people).
import { formatDateTime } from "@/components/ui/format";

// The shape of `TimelineEntry` (server/queries/timeline): repeated here because components/
// must not import server/; the timeline test checks the two stay assignable.
export interface TimelineEntryView {
  id: string;
  at: string;
  kind: string;
  tone: "neutral" | "info" | "success" | "warning" | "danger";
  title: string;
  detail: string | null;
  actor: { id: string; name: string } | null;
  elementId: string | null;
  taskId: string | null;
  due: string | null;
}

const DOT: Record<TimelineEntryView["tone"], string> = {
  neutral: "bg-slate-300 ring-slate-100",
  info: "bg-brand-500 ring-brand-100",
  success: "bg-emerald-500 ring-emerald-100",
  warning: "bg-amber-500 ring-amber-100",
  danger: "bg-red-600 ring-red-100",
};

const ICON: Partial<Record<string, string>> = {
  started: "▶",
  decided: "✓",
  completed: "✓",
  incident: "!",
  overdue: "!",
  canceled: "✕",
  terminated: "■",
};

export function relativeTime(at: string | Date, now = new Date()): string {
  const ms = new Date(at).getTime() - now.getTime();
  const abs = Math.abs(ms);
  if (abs < 45_000) return "just now";
  const [n, unit] =
    abs >= 86_400_000 * 30 ? [Math.round(abs / (86_400_000 * 30)), "month"]
    : abs >= 86_400_000 ? [Math.round(abs / 86_400_000), "day"]
    : abs >= 3_600_000 ? [Math.round(abs / 3_600_000), "hour"]
    : [Math.max(1, Math.round(abs / 60_000)), "minute"];
  const text = `${n} ${unit}${n === 1 ? "" : "s"}`;
  return ms < 0 ? `${text} ago` : `in ${text}`;
}

export function Timeline({ entries, now = new Date(), label = "Timeline" }: { entries: TimelineEntryView[]; now?: Date; label?: string }) {
  if (entries.length === 0) {
    return <p className="text-sm text-slate-500" data-testid="timeline-empty">Nothing has happened yet.</p>;
  }
  return (
    <ol className="relative" aria-label={label} data-testid="timeline">
      {entries.map((e, i) => (
        <li key={e.id} className="relative flex gap-3 pb-5 last:pb-0" data-kind={e.kind}>
          {i < entries.length - 1 ? <span className="absolute left-[9px] top-5 h-[calc(100%-1rem)] w-px bg-slate-200" aria-hidden /> : null}
          <span className={`relative mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full text-[10px] font-bold text-white ring-4 ${DOT[e.tone]}`} aria-hidden>
            {ICON[e.kind] ?? ""}
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium text-slate-900">{e.title}</p>
            {e.detail ? <p className="mt-0.5 whitespace-pre-line break-words text-sm text-slate-600">{e.detail}</p> : null}
            <p className="mt-0.5 text-xs text-slate-500">
              <time dateTime={e.at} title={formatDateTime(e.at)}>{relativeTime(e.at, now)}</time>
              <span aria-hidden> · </span>
              <span className="sr-only">, </span>
              {formatDateTime(e.at)}
              {e.due ? (
                <>
                  <span aria-hidden> · </span>
                  <span className="sr-only">, </span>
                  due <time dateTime={e.due}>{formatDateTime(e.due)}</time>
                </>
              ) : null}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
