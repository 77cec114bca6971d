// Timer arithmetic: ISO 8601 durations, dates and repeating cycles, and cron, all relative to the
// clock value passed in (never Date.now()) and computed in UTC so every machine gets the same dueAt.
import { CronExpressionParser } from "cron-parser";
import type { TimerDef, TimerKind } from "../model/types";
import type { TimerRepeat } from "./state";

export type TimerPlan =
  | { ok: true; dueAt: number; repeat?: TimerRepeat }
  | { ok: false; message: string };

const DURATION =
  /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s.replace(",", ".")));

/** Adds an ISO 8601 duration to an instant; years and months move along the UTC calendar. */
export function addDuration(fromMs: number, iso: string): number | undefined {
  const m = DURATION.exec(iso.trim());
  if (!m || iso.trim() === "P" || iso.trim().endsWith("T")) return undefined;
  const [, y, mo, w, d, h, mi, s] = m;
  let t = fromMs;
  if (y !== undefined || mo !== undefined) {
    const date = new Date(fromMs);
    // fractional years/months have no calendar meaning; round them like most engines do
    date.setUTCMonth(date.getUTCMonth() + Math.round(num(y) * 12 + num(mo)));
    t = date.getTime();
  }
  t += (num(w) * 7 + num(d)) * 86_400_000;
  t += num(h) * 3_600_000 + num(mi) * 60_000 + num(s) * 1000;
  return Math.round(t);
}

const HAS_ZONE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Parses an ISO 8601 date or date-time; a value without a zone is read as UTC, not local time. */
export function parseIsoDate(text: string): number | undefined {
  let s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += "T00:00:00Z";
  else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(s)) s += "Z";
  else if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || !HAS_ZONE.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** `R5/PT1H`, `R/PT10M`, `R3/2025-01-01T09:00:00Z/P1D`: first due time and the rest of the cycle. */
export function planCycle(text: string, nowMs: number): TimerPlan {
  const parts = text.trim().split("/");
  const rep = /^R(\d*)$/.exec(parts[0] ?? "");
  if (!rep || parts.length < 2 || parts.length > 3) {
    return { ok: false, message: `"${text}" is not an ISO 8601 repeating interval (e.g. R5/PT1H)` };
  }
  const total = rep[1] === "" ? null : Number(rep[1]);
  if (total === 0) return { ok: false, message: `timer cycle "${text}" repeats zero times` };
  const interval = parts[parts.length - 1]!;
  const first =
    parts.length === 3 ? parseIsoDate(parts[1]!) : addDuration(nowMs, interval);
  if (first === undefined || addDuration(0, interval) === undefined) {
    return { ok: false, message: `"${text}" has an invalid start date or interval` };
  }
  return { ok: true, dueAt: first, repeat: { remaining: total === null ? null : total - 1, interval } };
}

/** Next cron occurrence strictly after `afterMs`, in UTC; `seed` makes `H` fields deterministic. */
export function nextCron(expression: string, afterMs: number, seed: string): number | undefined {
  try {
    const it = CronExpressionParser.parse(expression, {
      currentDate: new Date(afterMs),
      tz: "UTC",
      hashSeed: seed,
    });
    return it.next().getTime();
  } catch {
    return undefined;
  }
}

/** Plans a timer from its (already evaluated, if FEEL) text. */
export function planTimer(kind: TimerKind, text: string, nowMs: number, seed: string): TimerPlan {
  const s = text.trim();
  switch (kind) {
    case "duration": {
      const dueAt = addDuration(nowMs, s);
      return dueAt === undefined
        ? { ok: false, message: `"${text}" is not an ISO 8601 duration (e.g. PT5M)` }
        : { ok: true, dueAt: Math.max(dueAt, nowMs) };
    }
    case "date": {
      const dueAt = parseIsoDate(s);
      return dueAt === undefined
        ? { ok: false, message: `"${text}" is not an ISO 8601 date-time (e.g. 2025-01-31T09:00:00Z)` }
        : { ok: true, dueAt };
    }
    case "cycle":
      // Camunda models often put a cron expression into timeCycle
      return s.startsWith("R") ? planCycle(s, nowMs) : planTimer("cron", s, nowMs, seed);
    case "cron": {
      const dueAt = nextCron(s, nowMs, seed);
      return dueAt === undefined
        ? { ok: false, message: `"${text}" is not a valid cron expression` }
        : { ok: true, dueAt, repeat: { remaining: null, cron: s } };
    }
  }
}

/** The occurrence after one that fired at `firedAt`, or undefined when the cycle is over. */
export function nextOccurrence(
  repeat: TimerRepeat,
  firedAt: number,
  seed: string,
): { dueAt: number; repeat: TimerRepeat } | undefined {
  if (repeat.remaining !== null && repeat.remaining <= 0) return undefined;
  const remaining = repeat.remaining === null ? null : repeat.remaining - 1;
  const dueAt = repeat.cron
    ? nextCron(repeat.cron, firedAt, seed)
    : repeat.interval
      ? addDuration(firedAt, repeat.interval)
      : undefined;
  return dueAt === undefined ? undefined : { dueAt, repeat: { ...repeat, remaining } };
}

/**
 * The text a timer definition stands for: literal text as is, FEEL evaluated by the caller. FEEL
 * may yield a duration/date-time (already ISO text), a number of milliseconds, or a string.
 */
export function timerText(value: unknown, def: TimerDef): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) {
    return def.kind === "date" ? new Date(value).toISOString() : `PT${value / 1000}S`;
  }
  return undefined;
}
