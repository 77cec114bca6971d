// Process-level timer and message start events live outside any instance: the runtime schedules
// them at deploy time (and after each firing) and starts an instance with startEventId when they fire.
import type { CompiledProcess } from "../model/types";
import type { TimerRepeat } from "./state";
import { nextOccurrence, planTimer, timerText } from "./timers";
import { clockFunctions, evaluate } from "./variables";

export interface StartTimer {
  processId: string;
  elementId: string;
  dueAt: number;
  repeat?: TimerRepeat;
}

export interface StartTimerPlan {
  timers: StartTimer[];
  errors: Array<{ elementId: string; message: string }>;
}

/** Due times of the process's timer start events, from `now`. FEEL sees no variables here. */
export function startTimersOf(proc: CompiledProcess, now: number): StartTimerPlan {
  const out: StartTimerPlan = { timers: [], errors: [] };
  for (const id of Object.keys(proc.elements)) {
    const el = proc.elements[id]!;
    const def = el.eventDefinition;
    if (el.type !== "startEvent" || el.parent !== null || def?.kind !== "timer") continue;
    let text: string | undefined = def.timer.expression;
    if (def.timer.isExpression) {
      const r = evaluate(def.timer.expression, clockFunctions(now));
      text = r.ok ? timerText(r.value, def.timer) : undefined;
      if (text === undefined) {
        out.errors.push({ elementId: el.id, message: r.ok ? `timer expression "${def.timer.expression}" gave no ISO 8601 text` : r.message });
        continue;
      }
    }
    const plan = planTimer(def.timer.kind, text, now, el.id);
    if (!plan.ok) out.errors.push({ elementId: el.id, message: plan.message });
    else out.timers.push({ processId: proc.id, elementId: el.id, dueAt: plan.dueAt, ...(plan.repeat ? { repeat: plan.repeat } : {}) });
  }
  return out;
}

/** The next firing of a start timer after it fired, if its cycle goes on. */
export function nextStartTimer(t: StartTimer, firedAt: number): StartTimer | undefined {
  if (!t.repeat) return undefined;
  const next = nextOccurrence(t.repeat, Math.max(firedAt, t.dueAt), t.elementId);
  return next ? { ...t, dueAt: next.dueAt, repeat: next.repeat } : undefined;
}

export function messageStartsOf(proc: CompiledProcess): Array<{ elementId: string; messageName: string }> {
  const out: Array<{ elementId: string; messageName: string }> = [];
  for (const id of Object.keys(proc.elements)) {
    const el = proc.elements[id]!;
    const def = el.eventDefinition;
    if (el.type === "startEvent" && el.parent === null && def?.kind === "message") {
      out.push({ elementId: el.id, messageName: def.name });
    }
  }
  return out;
}
