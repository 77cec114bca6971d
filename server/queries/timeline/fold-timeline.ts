// Folds an instance's raw audit events (element transitions, task events, timers, incidents)
// into the steps a person reads: "Rita Requester started Expense approval", "Mia Manager
// approved Manager approval". Pure: everything it needs is passed in, so it is tested alone.

export type TimelineKind =
  | "started" | "offered" | "assigned" | "claimed" | "released" | "delegated" | "decided" | "step"
  | "timer" | "message" | "overdue" | "incident" | "resolved" | "variables" | "completed" | "canceled" | "terminated";

export interface TimelineEntry {
  /** The audit event the entry stands for (stable across reloads: a React key, an anchor). */
  id: string;
  at: string;
  kind: TimelineKind;
  tone: "neutral" | "info" | "success" | "warning" | "danger";
  /** One sentence with people and steps by name. */
  title: string;
  /** A comment, a reason, an incident message. Plain text: render escaped. */
  detail: string | null;
  actor: { id: string; name: string } | null;
  elementId: string | null;
  taskId: string | null;
  /** Due date of a task offered or assigned in this entry. */
  due: string | null;
}

export interface RawAuditEvent {
  id: string;
  seq: number;
  type: string;
  actorId: string | null;
  elementId: string | null;
  payload: unknown;
  createdAt: Date;
}

export interface TimelineContext {
  processName: string;
  /** Element id -> name and BPMN type, from the compiled model. */
  elements: Record<string, { name?: string; type: string }>;
  tasks: Record<string, { name: string; elementId: string; dueAt: Date | null; candidateUsers: string[] }>;
  timers: Record<string, { elementId: string | null }>;
  users: Record<string, string>;
  groups: Record<string, string>;
  /** The instance's current variables: a value is shown only for the event that wrote it last. */
  variables: Record<string, unknown>;
}

// Activities that run without a person: shown as a quiet "done" step so the path is readable.
const AUTOMATIC = new Set(["serviceTask", "scriptTask", "sendTask", "businessRuleTask", "callActivity", "task", "manualTask"]);
// Outcome labels that read as a verb after a name ("Mia approved …").
const VERBS = new Set(["approved", "rejected", "declined", "accepted", "denied", "returned", "escalated", "confirmed", "reviewed", "signed", "verified"]);
const COMMENT_NAME = /^(comments?|notes?|reason|remarks?|[a-z0-9_]*(Comment|Note|Reason|Remark)s?)$/;
const APPROVAL_NAME = /^(approved|[a-z0-9_]*Approved)$/;

type Payload = Record<string, unknown>;

function payloadOf(e: RawAuditEvent): Payload {
  return e.payload && typeof e.payload === "object" && !Array.isArray(e.payload) ? (e.payload as Payload) : {};
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v : null;
}

function names(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function quoted(name: string): string {
  return `“${name}”`;
}

export function foldTimeline(events: RawAuditEvent[], ctx: TimelineContext): TimelineEntry[] {
  const person = (id: string | null | undefined) => (id ? { id, name: ctx.users[id] ?? "A former user" } : null);
  const elementName = (id: string | null | undefined) => (id ? ctx.elements[id]?.name || id : "a step");
  const taskName = (p: Payload, e: RawAuditEvent) => {
    const t = ctx.tasks[str(p.taskId) ?? ""];
    return t?.name ?? elementName(e.elementId);
  };

  // Which event wrote each variable last: only that event may show the variable's current value.
  const lastWriter = new Map<string, string>();
  for (const e of events) for (const n of names(payloadOf(e).variableNames)) lastWriter.set(n, e.id);
  const ownValue = (e: RawAuditEvent, pattern: RegExp): [string, unknown] | null => {
    for (const n of names(payloadOf(e).variableNames)) {
      if (pattern.test(n) && lastWriter.get(n) === e.id && n in ctx.variables) return [n, ctx.variables[n]];
    }
    return null;
  };

  // The element an event (a timer, a message) moved: the first transition of the same step.
  const movedBy = new Map<string, string>();
  for (const e of events) {
    const p = payloadOf(e);
    const eventId = str(p.eventId);
    if (e.type === "element.transition" && eventId && p.transition === "completed" && e.elementId && !movedBy.has(eventId)) movedBy.set(eventId, e.elementId);
  }

  const out: TimelineEntry[] = [];
  const push = (e: RawAuditEvent, entry: Omit<TimelineEntry, "id" | "at" | "detail" | "elementId" | "taskId" | "due"> & Partial<TimelineEntry>) => {
    out.push({ id: e.id, at: e.createdAt.toISOString(), detail: null, elementId: e.elementId, taskId: null, due: null, ...entry });
  };
  let lastEnd: string | null = null;
  let canceled = false;

  for (const e of events) {
    const p = payloadOf(e);
    const actor = person(e.actorId);
    const who = actor?.name ?? "Baton";
    switch (e.type) {
      case "instance.started": {
        const starter = person(str(p.startedBy) ?? e.actorId);
        push(e, { kind: "started", tone: "info", actor: starter, title: `${starter?.name ?? "Baton"} started ${ctx.processName}` });
        break;
      }
      case "task.created": {
        const taskId = str(p.taskId);
        const task = ctx.tasks[taskId ?? ""];
        const name = task?.name ?? elementName(e.elementId);
        const assignee = str(p.assignee);
        const offeredTo = [...names(p.candidateGroups).map((g) => ctx.groups[g] ?? g), ...(task?.candidateUsers ?? []).map((u) => ctx.users[u] ?? u)];
        const common = { actor: null, taskId, due: task?.dueAt?.toISOString() ?? null };
        if (assignee) push(e, { ...common, kind: "assigned", tone: "neutral", title: `${name} assigned to ${person(assignee)?.name}` });
        else if (offeredTo.length) push(e, { ...common, kind: "offered", tone: "neutral", title: `${name} offered to ${list(offeredTo)}` });
        else push(e, { ...common, kind: "offered", tone: "neutral", title: `${name} is waiting for someone to pick it up` });
        break;
      }
      case "task.claimed":
        if (p.again) break; // a repeated claim by the same person changes nothing
        push(e, { kind: "claimed", tone: "neutral", actor, taskId: str(p.taskId), title: `${who} claimed ${taskName(p, e)}` });
        break;
      case "task.unclaimed": {
        const previous = str(p.previousAssigneeId);
        const title = previous && previous !== e.actorId ? `${who} took ${taskName(p, e)} back from ${person(previous)?.name}` : `${who} released ${taskName(p, e)}`;
        push(e, { kind: "released", tone: "neutral", actor, taskId: str(p.taskId), title });
        break;
      }
      case "task.delegated":
        push(e, { kind: "delegated", tone: "neutral", actor, taskId: str(p.taskId), title: `${who} delegated ${taskName(p, e)} to ${person(str(p.to))?.name ?? "someone"}` });
        break;
      case "task.completed": {
        const by = person(str(p.completedBy) ?? e.actorId);
        const taskId = str(p.taskId);
        const name = taskName(p, e);
        let outcome = str(p.outcome)?.trim().toLowerCase() ?? null;
        const approval = outcome ? null : ownValue(e, APPROVAL_NAME);
        if (approval && typeof approval[1] === "boolean") outcome = approval[1] ? "approved" : "rejected";
        const written = ownValue(e, COMMENT_NAME);
        const comment = str(p.comment) ?? (written ? str(written[1]) : null);
        const verb = outcome && VERBS.has(outcome) ? outcome : "completed";
        const tone = verb === "rejected" || verb === "declined" || verb === "denied" ? "warning" : "success";
        const detailParts = [outcome && !VERBS.has(outcome) ? `Decision: ${outcome}` : null, comment ? `“${comment}”` : null].filter(Boolean);
        push(e, {
          kind: "decided", tone, actor: by, taskId, title: `${by?.name ?? "Baton"} ${verb} ${name}`,
          detail: detailParts.length ? detailParts.join(" — ") : null, elementId: ctx.tasks[taskId ?? ""]?.elementId ?? e.elementId,
        });
        break;
      }
      case "task.canceled":
        push(e, { kind: "step", tone: "neutral", actor, taskId: str(p.taskId), title: `${taskName(p, e)} was withdrawn` });
        break;
      case "task.sla_breached": {
        const to = names(p.escalateTo);
        push(e, { kind: "overdue", tone: "warning", actor: null, taskId: str(p.taskId), title: `${taskName(p, e)} is overdue`, detail: to.length ? `Escalated to ${list(to.map((g) => ctx.groups[g] ?? ctx.users[g] ?? g))}` : null });
        break;
      }
      case "timer.fired": {
        const el = ctx.timers[str(p.timerId) ?? ""]?.elementId ?? movedBy.get(str(p.eventId) ?? "") ?? null;
        push(e, { kind: "timer", tone: "neutral", actor: null, elementId: el, title: el ? `Timer ${quoted(elementName(el))} fired` : "A timer fired" });
        break;
      }
      case "message.correlated": {
        const el = movedBy.get(str(p.eventId) ?? "") ?? null;
        const label = str(p.name) ? `Message ${quoted(str(p.name)!)} received` : el ? `${quoted(elementName(el))} received its message` : "A message was received";
        push(e, { kind: "message", tone: "info", actor, elementId: el, title: label });
        break;
      }
      case "instance.variables_set": {
        const vars = names(p.variableNames);
        push(e, { kind: "variables", tone: "neutral", actor, title: `${who} changed ${vars.length === 1 ? "variable" : "variables"} ${list(vars) || "(none)"}` });
        break;
      }
      case "incident.raised":
        push(e, { kind: "incident", tone: "danger", actor: null, title: `Incident at ${quoted(elementName(e.elementId))}`, detail: str(p.message) });
        break;
      case "incident.resolved":
        push(e, { kind: "resolved", tone: "success", actor: p.retried ? actor : null, title: p.retried ? `${who} retried ${quoted(elementName(e.elementId))}` : `Incident at ${quoted(elementName(e.elementId))} resolved` });
        break;
      case "instance.canceled":
        canceled = true;
        push(e, { kind: "canceled", tone: "warning", actor, title: `${who} cancelled the request`, detail: str(p.reason) });
        break;
      case "element.transition": {
        const type = str(p.elementType) ?? "";
        if (type === "endEvent" && p.transition === "completed") lastEnd = e.elementId;
        else if (type === "process") {
          if (p.transition === "completed") {
            push(e, { kind: "completed", tone: "success", actor: null, elementId: lastEnd, title: "Request completed", detail: lastEnd ? `Ended at ${quoted(elementName(lastEnd))}` : null });
          } else if (p.transition === "terminated" && !canceled) {
            push(e, { kind: "terminated", tone: "warning", actor: null, elementId: lastEnd, title: "Request ended early", detail: lastEnd ? `Ended at ${quoted(elementName(lastEnd))}` : null });
          }
        } else if (AUTOMATIC.has(type) && p.transition === "completed" && p.instance !== "inner") {
          push(e, { kind: "step", tone: "neutral", actor: null, title: `${quoted(elementName(e.elementId))} done` });
        }
        break;
      }
      default:
        break; // job bookkeeping and call-activity plumbing: their effects show as steps above
    }
  }
  return out;
}
