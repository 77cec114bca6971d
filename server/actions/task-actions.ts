// What the task page's server actions do, with the actor passed in (so tests call them without
// a request): each runs one existing command — which authorizes and audits — and turns a
// refusal into a result the page can show, never a thrown 500. The "use server" file in
// app/(app)/tasks/[id]/actions.ts only adds the session and revalidation.
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/assert-can";
import { assignTask } from "../commands/tasks/assign-task";
import { claimTask } from "../commands/tasks/claim-task";
import { completeTask } from "../commands/tasks/complete-task";
import { delegateTask } from "../commands/tasks/delegate-task";
import { unclaimTask } from "../commands/tasks/unclaim-task";
import { BatonError, isBatonError } from "../errors";
import { logger } from "../log";
import type { RunDeps } from "../runtime/run-events";
import { getTaskPage } from "../queries/tasks/task-page";
import { searchPeople, type TPersonOption } from "../queries/users/search-people";

export interface ActionFailure {
  ok: false;
  code: string;
  message: string;
  /** Field key → message, for forms (a form field key, or `userId`, `comment`…). */
  fields?: Record<string, string>;
  /** The separation-of-duties (or other) rule that refused the action, when there is one. */
  rule?: string;
}
export type ActionResult<T = undefined> = ({ ok: true } & (T extends undefined ? object : { value: T })) | ActionFailure;

/** Field errors arrive as `{ key: message }` (form validation) or `[{ field: "body.x", message }]` (zod, commands). */
function fieldsOf(details: Record<string, unknown>): Record<string, string> | undefined {
  const f = details.fields;
  const out: Record<string, string> = {};
  if (Array.isArray(f)) {
    for (const item of f as { field?: unknown; message?: unknown }[]) {
      if (typeof item?.field === "string") out[item.field.replace(/^(body|query)\.(variables\.)?/, "")] = String(item.message ?? "invalid");
    }
  } else if (f && typeof f === "object") {
    for (const [k, v] of Object.entries(f)) out[k] = String(v);
  }
  return Object.keys(out).length ? out : undefined;
}

export function toFailure(err: unknown): ActionFailure {
  if (isBatonError(err)) {
    // Separation-of-duties refusals carry their rule (excludeInitiator, excludeParticipantsOf).
    const rule = typeof err.details.rule === "string" ? err.details.rule : /^Separation of duties/i.test(err.message) ? "separationOfDuties" : undefined;
    return { ok: false, code: err.code, message: err.message, ...(fieldsOf(err.details) ? { fields: fieldsOf(err.details) } : {}), ...(rule ? { rule } : {}) };
  }
  if (err instanceof z.ZodError) {
    const fields = Object.fromEntries(err.issues.map((i) => [i.path.join(".") || "input", i.message]));
    const [first] = err.issues;
    return { ok: false, code: "VALIDATION", message: `${first?.path.join(".") || "input"}: ${first?.message ?? "invalid"}`, fields };
  }
  logger.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, "unhandled error in task action");
  return { ok: false, code: "INTERNAL", message: "Something went wrong on our side; it has been logged. Try again in a moment." };
}

async function attempt(fn: () => Promise<unknown>): Promise<ActionResult> {
  try {
    await fn();
    return { ok: true };
  } catch (err) {
    return toFailure(err);
  }
}

const ZTaskId = z.string().min(1).max(200);
const ZComment = z.string().trim().max(4000, "comment: at most 4,000 characters").optional();

export function claim(actor: Actor | null, taskId: string, deps: RunDeps = {}): Promise<ActionResult> {
  return attempt(() => claimTask(actor, { taskId: ZTaskId.parse(taskId) }, deps));
}

export function unclaim(actor: Actor | null, taskId: string, deps: RunDeps = {}): Promise<ActionResult> {
  return attempt(() => unclaimTask(actor, { taskId: ZTaskId.parse(taskId) }, deps));
}

export function delegate(actor: Actor | null, taskId: string, userId: string, deps: RunDeps = {}): Promise<ActionResult> {
  return attempt(() => delegateTask(actor, { taskId: ZTaskId.parse(taskId), userId: z.string().min(1, "choose a person").parse(userId) }, deps));
}

export function reassign(actor: Actor | null, taskId: string, userId: string | null, deps: RunDeps = {}): Promise<ActionResult> {
  return attempt(() => assignTask(actor, { taskId: ZTaskId.parse(taskId), userId }, deps));
}

/** Completes with the submitted variables (a Camunda form's values or the key/value form's). */
export function completeWithVariables(actor: Actor | null, taskId: string, variables: unknown, deps: RunDeps = {}): Promise<ActionResult> {
  return attempt(async () => {
    const vars = z.record(z.string().min(1).max(200), z.unknown()).parse(variables ?? {});
    await completeTask(actor, { taskId: ZTaskId.parse(taskId), variables: vars }, deps);
  });
}

/**
 * Approve / Reject for a task without a form: the server (not the browser) picks the variable
 * the model branches on, so a crafted request cannot set anything else.
 */
export function decide(actor: Actor | null, taskId: string, input: { approve: boolean; comment?: string }, deps: RunDeps = {}): Promise<ActionResult> {
  return attempt(async () => {
    assertCan(actor, "task.complete");
    const approve = z.boolean().parse(input.approve);
    const comment = ZComment.parse(input.comment) || undefined;
    const page = await getTaskPage(actor, ZTaskId.parse(taskId), deps);
    if (!page.decision) throw new BatonError("UNPROCESSABLE", "This task has no yes/no decision in its model; fill in its variables instead.");
    const variables: Record<string, unknown> = { [page.decision.name]: approve };
    if (comment) variables[page.decision.commentName] = comment;
    await completeTask(actor, { taskId: page.task.id, variables, outcome: approve ? "approved" : "rejected" }, deps);
  });
}

export async function people(actor: Actor | null, q: string, deps: RunDeps = {}): Promise<ActionResult<TPersonOption[]>> {
  try {
    assertCan(actor, "task.delegate");
    return { ok: true, value: await searchPeople(actor, { q: String(q ?? "") }, deps) };
  } catch (err) {
    return toFailure(err);
  }
}

