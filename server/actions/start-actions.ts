// What the start page's server actions do, with the actor passed in (tests call them without a
// request): start a request through startInstance — the command the REST API uses, which
// authorizes and audits — or trigger a message start event through correlateMessage. Refusals
// come back as results the page shows at the field, never as a thrown 500.
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/assert-can";
import { correlateMessage } from "../commands/messages/correlate-message";
import { startInstance } from "../commands/instances/start-instance";
import { db as defaultDb } from "../db/client";
import { BatonError } from "../errors";
import { resolveStartForm, type ResolvedForm } from "../forms/resolve-form";
import { getProcessPage } from "../queries/definitions/process-page";
import type { RunDeps } from "../runtime/run-events";
import { toFailure, type ActionResult } from "./task-actions";

/** How a person gives a new request its data: the model's start form, free variables, or nothing. */
export type StartMode = { kind: "form"; form: ResolvedForm } | { kind: "variables" } | { kind: "none" };

/** Free variables are for the people who build and test processes; everyone else uses the form. */
export function mayEditVariables(actor: Actor): boolean {
  return actor.roles.includes("admin") || actor.roles.includes("designer");
}

export async function startModeFor(actor: Actor, key: string, deps: RunDeps = {}): Promise<StartMode> {
  const form = await resolveStartForm(deps.db ?? defaultDb(), actor.organizationId, key);
  if (form) return { kind: "form", form };
  return mayEditVariables(actor) ? { kind: "variables" } : { kind: "none" };
}

const ZStartInput = z.object({
  businessKey: z.string().trim().max(255, "at most 255 characters").optional().transform((v) => v || undefined),
  variables: z.record(z.string().min(1, "a variable needs a name").max(200), z.unknown()).default({}),
});

function validation(field: string, message: string): BatonError {
  return new BatonError("VALIDATION", `${field}: ${message}`, { fields: [{ field, message }] });
}

export async function startRequest(actor: Actor | null, key: string, input: unknown, deps: RunDeps = {}): Promise<ActionResult<{ instanceId: string }>> {
  try {
    assertCan(actor, "instance.start");
    const parsed = ZStartInput.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw validation(issue.path.join(".") || "input", issue.message);
    }
    const page = await getProcessPage(actor, String(key ?? ""), deps);
    if (!page) throw new BatonError("NOT_FOUND", `No process with key ${key} is deployed.`);
    if (!page.startable) throw new BatonError("UNPROCESSABLE", `${page.name} starts only from a message or a timer, not by hand.`);
    const mode = await startModeFor(actor, page.key, deps);
    const variables = parsed.data.variables;
    // Without a form, a plain user starts with no data at all: the page offers none, and a
    // crafted request must not slip variables past the model's start form or its absence.
    if (mode.kind === "none" && Object.keys(variables).length > 0) {
      throw new BatonError("FORBIDDEN", "Only designers and admins may set variables when a process has no start form.", { action: "instance.start" });
    }
    const started = await startInstance(actor, { key: page.key, businessKey: parsed.data.businessKey, variables }, deps);
    return { ok: true, value: { instanceId: started.id } };
  } catch (err) {
    return toFailure(err);
  }
}

const ZMessageInput = z.object({
  messageName: z.string().min(1).max(255),
  businessKey: z.string().trim().max(255, "at most 255 characters").optional().transform((v) => v || undefined),
});

/** Operators trigger a message start event of this process (only one the model declares). */
export async function triggerMessageStart(actor: Actor | null, key: string, input: unknown, deps: RunDeps = {}): Promise<ActionResult<{ instanceId: string | null; outcome: string }>> {
  try {
    assertCan(actor, "message.correlate");
    const parsed = ZMessageInput.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw validation(issue.path.join(".") || "input", issue.message);
    }
    const page = await getProcessPage(actor, String(key ?? ""), deps);
    if (!page) throw new BatonError("NOT_FOUND", `No process with key ${key} is deployed.`);
    if (!page.messageStarts.some((m) => m.messageName === parsed.data.messageName)) {
      throw validation("messageName", `${page.name} has no message start event for “${parsed.data.messageName}”`);
    }
    const r = await correlateMessage(actor, { name: parsed.data.messageName, businessKey: parsed.data.businessKey }, deps);
    return { ok: true, value: { instanceId: r.instanceId, outcome: r.outcome } };
  } catch (err) {
    return toFailure(err);
  }
}
