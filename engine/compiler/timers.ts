// Timer definitions: ISO 8601 durations, dates and repeating intervals, cron, or FEEL/JUEL expressions.
import type { ModdleElement } from "bpmn-moddle";
import { CronExpressionParser } from "cron-parser";
import type { TimerDef, TimerKind } from "../model/types";
import type { Diagnostics } from "./diagnostics";
import { exprToFeel, isJuel, type Site } from "./expressions";

const NUM = String.raw`\d+(?:[.,]\d+)?`;
export const ISO_DURATION = new RegExp(
  `^P(?!$)(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?=\\d)(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`,
);
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?(?:\[[A-Za-z_/+-]+\])?$/;
const REPEAT = /^R(\d*)\/(.+)$/;

export function isIsoDuration(text: string): boolean {
  return ISO_DURATION.test(text);
}

export function isIsoDateTime(text: string): boolean {
  if (!ISO_DATE_TIME.test(text)) return false;
  // Date.parse rejects impossible dates (month 13, hour 25) that the pattern lets through
  return !Number.isNaN(Date.parse(text.replace(/\[.*\]$/, "")));
}

/** `R5/PT1H`, `R/PT1H`, `R3/2025-01-01T00:00:00Z/PT1H`, `R/PT1H/2025-12-31T00:00:00Z`. */
export function isIsoCycle(text: string): boolean {
  const m = REPEAT.exec(text);
  if (!m) return false;
  const parts = m[2].split("/");
  if (parts.length === 1) return isIsoDuration(parts[0]);
  if (parts.length === 2) {
    return (
      (isIsoDateTime(parts[0]) && isIsoDuration(parts[1])) || (isIsoDuration(parts[0]) && isIsoDateTime(parts[1]))
    );
  }
  return false;
}

/** Zeebe uses Spring-style cron (6 fields, seconds first); Camunda 7 Quartz (6–7). 5 fields also read. */
export function isCron(text: string): boolean {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 7) return false;
  try {
    CronExpressionParser.parse(fields.slice(0, 6).join(" "));
    return true;
  } catch {
    return false;
  }
}

/** Duration in ms for fixed-length ISO durations (no years/months); undefined otherwise. */
export function durationToMs(text: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    text,
  );
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return Math.round((((w * 7 + d) * 24 + h) * 60 + min) * 60_000 + s * 1000);
}

const SLOT: Record<string, TimerKind> = { timeDuration: "duration", timeDate: "date", timeCycle: "cycle" };

const EXAMPLES: Record<TimerKind, string> = {
  duration: "an ISO 8601 duration such as PT15M or P2D",
  date: "an ISO 8601 date-time such as 2025-01-31T09:00:00Z",
  cycle: "a repeating interval such as R5/PT1H or a cron expression such as 0 0 9 * * MON-FRI",
  cron: "a cron expression",
};

/** Reads a bpmn:TimerEventDefinition. `owner` is the event (for ids in messages). */
export function compileTimer(def: ModdleElement, owner: ModdleElement, diag: Diagnostics): TimerDef | undefined {
  const present = Object.keys(SLOT).filter((slot) => def.get(slot) !== undefined && def.get(slot) !== null);
  if (present.length === 0) {
    diag.elementError(owner, "timer has no timeDate, timeDuration or timeCycle");
    return undefined;
  }
  if (present.length > 1) {
    diag.elementError(owner, `timer has several definitions (${present.join(", ")}); keep one`);
    return undefined;
  }
  const slot = present[0];
  let kind = SLOT[slot];
  const body = String((def.get(slot) as ModdleElement).get("body") ?? "").trim();
  const site: Site = { el: owner, what: `timer ${slot}` };
  if (body === "") {
    diag.elementError(owner, `timer ${slot} is empty: expected ${EXAMPLES[kind]}`);
    return undefined;
  }
  if (body.startsWith("=") || isJuel(body)) {
    const feel = exprToFeel(body, site, diag);
    return feel === undefined ? undefined : { kind, expression: feel, isExpression: true };
  }
  let valid: boolean;
  if (kind === "duration") valid = isIsoDuration(body);
  else if (kind === "date") valid = isIsoDateTime(body);
  else if (isIsoCycle(body)) valid = true;
  else {
    valid = isCron(body);
    if (valid) kind = "cron";
  }
  if (!valid) {
    diag.elementError(owner, `timer ${slot} "${body}" is not valid: expected ${EXAMPLES[kind]}`);
    return undefined;
  }
  return { kind, expression: body, isExpression: false };
}
