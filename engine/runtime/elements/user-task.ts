// User task: evaluate assignment, dates, priority and SLA, emit createTask and wait for
// taskCompleted. Who completed it is recorded for separation of duties.
import type { Feel, UserTaskDef } from "../../model/types";
import type { CreateTaskEffect } from "../effects";
import { element, emit, tokenW, type Exec } from "../context";
import { expressionIncident } from "../incidents";
import type { ParticipantRecord, Variables, WaitState } from "../state";
import { addDuration, parseIsoDate } from "../timers";
import { completeToken, setStatus } from "../tokens";
import { evaluate, toStringList, tokenContext } from "../variables";
import { closeWait, openTimer, openWait } from "../waits";
import { excludedUsersFor } from "../sod";

type Field = { ok: true; value: unknown } | { ok: false; expression: string; message: string };

/** An instant from a FEEL value: an ISO date-time, or an ISO duration counted from now. */
function toInstant(value: unknown, now: number): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  return value.trim().startsWith("P") ? addDuration(now, value) : parseIsoDate(value);
}

function field(expr: Feel | undefined, ctx: Variables, check: (v: unknown) => unknown, what: string): Field {
  if (expr === undefined) return { ok: true, value: undefined };
  const r = evaluate(expr, ctx);
  if (!r.ok) return r;
  if (r.value === null) return { ok: true, value: undefined };
  const v = check(r.value);
  if (v === undefined) {
    return { ok: false, expression: expr, message: `${what} expression "${expr}" evaluated to ${JSON.stringify(r.value)}` };
  }
  return { ok: true, value: v };
}

export function enterUserTask(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId]!;
  const el = element(x, t.elementId);
  const def: UserTaskDef = el.userTask ?? {};
  const ctx = tokenContext(x, t);
  const now = x.now;
  const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
  const fields = {
    assignee: field(def.assignee, ctx, str, "assignee"),
    candidateUsers: field(def.candidateUsers, ctx, toStringList, "candidate users"),
    candidateGroups: field(def.candidateGroups, ctx, toStringList, "candidate groups"),
    dueAt: field(def.dueDate, ctx, (v) => toInstant(v, now), "due date"),
    followUpAt: field(def.followUpDate, ctx, (v) => toInstant(v, now), "follow-up date"),
    priority: field(def.priority, ctx, (v) => (typeof v === "number" ? v : undefined), "priority"),
    sla: def.sla
      ? def.sla.isExpression
        ? field(def.sla.duration, ctx, (v) => toInstant(v, now), "SLA")
        : { ok: true as const, value: toInstant(def.sla.duration, now) }
      : { ok: true as const, value: undefined },
    escalateTo: field(def.sla?.escalateTo, ctx, toStringList, "SLA escalation"),
  };
  for (const f of Object.values(fields)) {
    if (!f.ok) {
      expressionIncident(x, tokenId, "enter", f);
      return;
    }
  }
  const v = (f: Field) => (f.ok ? f.value : undefined);
  const w = openWait(x, { role: "element", elementId: el.id, scopeId: t.scopeId, tokenId }, "task");
  const task: CreateTaskEffect = {
    type: "createTask",
    taskId: w.id,
    elementId: el.id,
    tokenId,
    candidateUsers: (v(fields.candidateUsers) as string[] | undefined) ?? [],
    candidateGroups: (v(fields.candidateGroups) as string[] | undefined) ?? [],
    excludedUsers: excludedUsersFor(x.state, def, x.model),
  };
  if (el.name !== undefined) task.name = el.name;
  if (v(fields.assignee) !== undefined) task.assignee = v(fields.assignee) as string;
  if (v(fields.dueAt) !== undefined) task.dueAt = v(fields.dueAt) as number;
  if (v(fields.followUpAt) !== undefined) task.followUpAt = v(fields.followUpAt) as number;
  if (v(fields.priority) !== undefined) task.priority = v(fields.priority) as number;
  if (def.form) task.form = { ...def.form };
  const slaDueAt = v(fields.sla) as number | undefined;
  const escalateTo = (v(fields.escalateTo) as string[] | undefined) ?? [];
  if (slaDueAt !== undefined) {
    task.slaDueAt = slaDueAt;
    task.escalateTo = escalateTo;
  }
  emit(x, task);
  if (slaDueAt !== undefined) {
    const sla = openTimer(x, { role: "sla", elementId: el.id, scopeId: t.scopeId, tokenId }, slaDueAt);
    x.state.waits[sla.id] = { ...sla, taskId: w.id };
  }
  setStatus(x, tokenId, "waiting");
}

export function taskCompleted(x: Exec, w: WaitState, variables: Variables | undefined, completedBy: string | undefined): void {
  const tokenId = w.tokenId!;
  if (completedBy !== undefined) {
    const rec: ParticipantRecord = { userId: completedBy, taskId: w.id, at: x.now };
    x.state.participants = { ...x.state.participants, [w.elementId]: [...(x.state.participants[w.elementId] ?? []), rec] };
  }
  closeWait(x, w.id, true);
  tokenW(x, tokenId).result = { ...variables };
  completeToken(x, tokenId);
}

/** The SLA timer of an open task fired: report the breach; the task stays open. */
export function slaBreached(x: Exec, w: WaitState): void {
  closeWait(x, w.id, true);
  const def = element(x, w.elementId).userTask;
  let escalateTo: string[] = [];
  if (def?.sla?.escalateTo && w.tokenId && x.state.tokens[w.tokenId]) {
    const r = evaluate(def.sla.escalateTo, tokenContext(x, x.state.tokens[w.tokenId]!));
    escalateTo = (r.ok ? toStringList(r.value) : undefined) ?? [];
  }
  emit(x, { type: "taskSlaBreached", taskId: w.taskId ?? "", elementId: w.elementId, escalateTo });
}
