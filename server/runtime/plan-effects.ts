// Turns engine effects into the rows of one InstancePlan. Pure: no I/O, so the same events
// always plan the same rows; persist.ts writes them in one transaction.
import crypto from "node:crypto";
import type { Effect, EngineEvent, InstanceState } from "../../engine";
import { CAMUNDA_HTTP_JSON_TYPE } from "../connectors/camunda-http-json";
import type { InstanceEvent, InstancePlan } from "./types";

const EVENT_AUDIT: Record<EngineEvent["type"], string> = {
  start: "instance.started",
  taskCompleted: "task.completed",
  timerFired: "timer.fired",
  messageCorrelated: "message.correlated",
  serviceCompleted: "job.completed",
  serviceFailed: "job.failed",
  jobError: "job.error_thrown",
  escalation: "call.escalated",
  callActivityCompleted: "call.completed",
  callActivityFailed: "call.failed",
  cancel: "instance.canceled",
  setVariables: "instance.variables_set",
  retryIncident: "incident.retried",
};

export function rootVariables(state: InstanceState): Record<string, unknown> {
  return state.scopes[state.rootScopeId]?.vars ?? {};
}

function date(ms: number | undefined): Date | null {
  return ms === undefined ? null : new Date(ms);
}

/** Summary of an event for its audit row: what happened and who did it, not the whole payload. */
function eventPayload(e: EngineEvent): Record<string, unknown> {
  const { type: _type, ...rest } = e as EngineEvent & Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    // Variable values can be large or personal: the audit keeps their names only.
    if (k === "variables" && v && typeof v === "object") out.variableNames = Object.keys(v as object).sort();
    else if (k !== "caller") out[k] = v;
  }
  return out;
}

export function recordEvent(plan: InstancePlan, item: InstanceEvent): void {
  plan.eventIds.push(item.eventId);
  plan.audit.push({ type: EVENT_AUDIT[item.event.type] ?? `event.${item.event.type}`, actorId: item.actorId ?? null, elementId: null, payload: { eventId: item.eventId, ...eventPayload(item.event) } });
  const e = item.event;
  if (e.type === "taskCompleted") {
    const outcome = (e as { outcome?: string }).outcome ?? null;
    plan.taskCompletions.push({ id: e.taskId, completedById: e.completedBy ?? item.actorId ?? null, outcome });
  } else if (e.type === "timerFired") plan.timerFired.push(e.timerId);
  else if (e.type === "serviceCompleted") plan.jobDone.push({ id: e.jobId, state: "COMPLETED" });
  else if (e.type === "jobError") plan.jobDone.push({ id: e.jobId, state: "ERROR_THROWN" });
  else if (e.type === "serviceFailed") plan.jobDone.push({ id: e.jobId, state: "FAILED", errorMessage: e.errorMessage });
  else if (e.type === "messageCorrelated" && e.subscriptionId) plan.subscriptionDeletes.push(e.subscriptionId);
}

/** Adds the rows for one step's effects; `state` is the state after the step. */
export function planEffects(plan: InstancePlan, effects: Effect[], state: InstanceState, item: InstanceEvent, now: Date): void {
  const actorId = item.actorId ?? null;
  const org = plan.organizationId;
  for (const fx of effects) {
    switch (fx.type) {
      case "transition":
        plan.audit.push({
          type: "element.transition",
          actorId,
          elementId: fx.elementId,
          payload: { transition: fx.transition, elementType: fx.elementType, tokenId: fx.tokenId ?? null, scopeId: fx.scopeId ?? null, instance: fx.instance ?? null, eventId: item.eventId },
        });
        break;
      case "createTask":
        plan.tasks.push({
          id: fx.taskId,
          elementId: fx.elementId,
          tokenId: fx.tokenId,
          name: fx.name ?? fx.elementId,
          assigneeId: fx.assignee ?? null,
          candidateUsers: fx.candidateUsers,
          candidateGroups: fx.candidateGroups,
          excludedUsers: fx.excludedUsers,
          priority: fx.priority ?? 50,
          dueAt: date(fx.dueAt),
          followUpAt: date(fx.followUpAt),
          formKey: fx.form ? JSON.stringify(fx.form) : null,
          variables: rootVariables(state),
        });
        plan.audit.push({ type: "task.created", actorId, elementId: fx.elementId, payload: { taskId: fx.taskId, candidateGroups: fx.candidateGroups, assignee: fx.assignee ?? null } });
        // the people it is for hear of it (server/notifications): an outbox job, so a crash loses none
        if (fx.assignee || fx.candidateUsers.length || fx.candidateGroups.length) {
          plan.outbox.push({ id: crypto.randomUUID(), organizationId: org, queue: "notify", name: "notify", payload: { organizationId: org, taskId: fx.taskId }, availableAt: now });
        }
        break;
      case "cancelTask":
        plan.taskCancels.push(fx.taskId);
        break;
      case "scheduleTimer":
        plan.timers.push({ id: fx.timerId, elementId: fx.elementId, tokenId: fx.tokenId ?? null, dueAt: new Date(fx.dueAt), payload: { scopeId: fx.scopeId } });
        // The delayed job's id is the timer id, so the reconciler and the outbox never both add one.
        plan.outbox.push({ id: fx.timerId, organizationId: org, queue: "timer", name: "timer", payload: { timerId: fx.timerId, instanceId: plan.instanceId, organizationId: org }, availableAt: new Date(fx.dueAt) });
        break;
      case "cancelTimer":
        plan.timerCancels.push(fx.timerId);
        break;
      case "openSubscription":
        plan.subscriptions.push({ id: fx.subscriptionId, elementId: fx.elementId, messageName: fx.messageName, correlationKey: fx.correlationKey });
        break;
      case "closeSubscription":
        plan.subscriptionDeletes.push(fx.subscriptionId);
        break;
      case "callService": {
        const http = fx.call.kind === "http";
        // Camunda's REST connector is run by Baton itself, like baton:http.
        const connector = http || (fx.call as { jobType?: string }).jobType === CAMUNDA_HTTP_JSON_TYPE;
        plan.jobs.push({
          id: fx.jobId,
          elementId: fx.elementId,
          tokenId: fx.tokenId,
          kind: fx.call.kind,
          type: http ? "baton:http" : (fx.call as { jobType: string }).jobType,
          retries: fx.call.retries ?? 3,
          retryBackoffMs: (http ? (fx.call as { retryBackoffMs?: number }).retryBackoffMs : undefined) ?? 1000,
          call: fx.call as unknown as Record<string, unknown>,
          variables: fx.variables,
        });
        if (connector) plan.outbox.push({ id: fx.jobId, organizationId: org, queue: "service-call", name: "service-call", payload: { jobId: fx.jobId, organizationId: org }, availableAt: now });
        else plan.wakeJobTypes.push((fx.call as { jobType: string }).jobType);
        break;
      }
      case "cancelJob":
        plan.jobCancels.push(fx.jobId);
        break;
      case "startCallActivity":
        // The child instance id is the call id: starting it twice inserts nothing the second time.
        plan.outbox.push({
          id: crypto.randomUUID(),
          organizationId: org,
          queue: "start-child",
          name: "start-child",
          payload: { childInstanceId: fx.callId, parentInstanceId: plan.instanceId, organizationId: org, callId: fx.callId, processId: fx.processId, binding: fx.binding, ...(fx.version !== undefined ? { version: fx.version } : {}), variables: fx.variables },
          availableAt: now,
        });
        break;
      case "cancelCallActivity":
        plan.outbox.push(advance(org, fx.callId, `cancel-call:${fx.callId}`, { type: "cancel", reason: "the calling activity ended" }, now));
        break;
      case "publishMessage":
        plan.outbox.push({
          id: crypto.randomUUID(),
          organizationId: org,
          queue: "correlate-message",
          name: "correlate-message",
          payload: { organizationId: org, name: fx.name, correlationKey: fx.correlationKey, variables: fx.variables, messageId: crypto.randomUUID() },
          availableAt: now,
        });
        // Subscribers outside Baton hear of it too (a no-op unless a webhook URL is configured).
        plan.outbox.push({
          id: crypto.randomUUID(),
          organizationId: org,
          queue: "message-publish",
          name: "message-publish",
          payload: { organizationId: org, instanceId: plan.instanceId, elementId: fx.elementId, name: fx.name, correlationKey: fx.correlationKey, variables: fx.variables },
          availableAt: now,
        });
        break;
      case "raiseIncident":
        plan.incidents.push({ id: fx.incidentId, elementId: fx.elementId, tokenId: fx.tokenId, type: fx.kind, message: fx.message, details: fx.expression ? { expression: fx.expression } : {} });
        plan.audit.push({ type: "incident.raised", actorId, elementId: fx.elementId, payload: { incidentId: fx.incidentId, kind: fx.kind, message: fx.message } });
        break;
      case "resolveIncident":
        plan.incidentResolves.push(fx.incidentId);
        plan.audit.push({ type: "incident.resolved", actorId, elementId: fx.elementId, payload: { incidentId: fx.incidentId } });
        break;
      case "taskSlaBreached":
        plan.audit.push({ type: "task.sla_breached", actorId: null, elementId: fx.elementId, payload: { taskId: fx.taskId, escalateTo: fx.escalateTo } });
        break;
      case "completeInstance":
        plan.status = "COMPLETED";
        plan.endedAt = now;
        if (state.caller?.instanceId) {
          plan.outbox.push(advance(org, state.caller.instanceId, `call-done:${state.caller.callId}`, { type: "callActivityCompleted", callId: state.caller.callId, variables: fx.variables }, now));
        }
        break;
      case "terminateInstance":
        plan.status = item.event.type === "cancel" ? "CANCELED" : "TERMINATED";
        plan.endedAt = now;
        break;
      case "throwErrorToCaller":
        if (state.caller?.instanceId) {
          plan.outbox.push(advance(org, state.caller.instanceId, `call-error:${fx.callId}`, { type: "callActivityFailed", callId: fx.callId, errorCode: fx.errorCode, errorMessage: fx.errorMessage, variables: fx.variables }, now));
        }
        break;
      case "throwEscalationToCaller":
        if (state.caller?.instanceId) {
          plan.outbox.push(advance(org, state.caller.instanceId, `call-escalation:${fx.callId}:${crypto.randomUUID()}`, { type: "escalation", callId: fx.callId, escalationCode: fx.escalationCode, variables: fx.variables }, now));
        }
        break;
      default: {
        const never: never = fx;
        throw new Error(`unplanned effect ${(never as { type: string }).type}`);
      }
    }
  }
  plan.state = state;
  plan.variables = rootVariables(state);
  plan.hasIncident = Object.keys(state.incidents).length > 0;
  if (state.status === "completed" && plan.status === "ACTIVE") plan.status = "COMPLETED";
  if (state.status === "terminated" && plan.status === "ACTIVE") plan.status = item.event.type === "cancel" ? "CANCELED" : "TERMINATED";
  if (plan.status !== "ACTIVE") plan.endedAt ??= now;
}

export function advance(organizationId: string, instanceId: string, eventId: string, event: EngineEvent, now: Date) {
  return {
    id: crypto.randomUUID(),
    organizationId,
    queue: "advance" as const,
    name: "advance",
    payload: { eventId, instanceId, organizationId, event: event as unknown as Record<string, unknown> },
    availableAt: now,
  };
}
