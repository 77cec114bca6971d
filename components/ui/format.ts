const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatDateTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  return `${dateTime.format(new Date(d))} UTC`;
}

export function relativeDue(d: Date | null, now = new Date()): { text: string; overdue: boolean } {
  if (!d) return { text: "No due date", overdue: false };
  const ms = d.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const unit = abs >= 86_400_000 ? [Math.round(abs / 86_400_000), "day"] : abs >= 3_600_000 ? [Math.round(abs / 3_600_000), "hour"] : [Math.max(1, Math.round(abs / 60_000)), "minute"];
  const text = `${unit[0]} ${unit[1]}${unit[0] === 1 ? "" : "s"}`;
  return ms < 0 ? { text: `Overdue by ${text}`, overdue: true } : { text: `Due in ${text}`, overdue: false };
}
