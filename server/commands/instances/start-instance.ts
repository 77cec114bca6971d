// Starts an instance of the latest (or a pinned) version of a process.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, sqlPool, type Db } from "../../db/client";
import { sqlOf } from "../../db/sql";
import { BatonError } from "../../errors";
import { checkSubmission } from "../../forms/check-submission";
import { resolveForm, startFormOf } from "../../forms/resolve-form";
import type { CompiledModel } from "../../../engine/model/types";
import { runEvent, type RunDeps } from "../../runtime/run-events";
import { expectApplied } from "../outcome";
import { instanceSummary } from "./instance-view";
import { ZStartInstanceRequest, type TInstanceSummary, type TStartInstanceRequest } from "./start-instance.types";

interface DefinitionRef {
  id: string;
  key: string;
  version: number;
}

/** The definition to start: by id, or the latest (or a pinned) version of a key. Plain SQL: it is on every start. */
export async function resolveDefinition(db: Db, organizationId: string, ref: { key?: string; definitionId?: string; version?: number }): Promise<DefinitionRef> {
  const sql = sqlOf(sqlPool(db));
  if (ref.definitionId) {
    const [d] = await sql.query<DefinitionRef>(`SELECT id, key, version FROM "ProcessDefinition" WHERE id = $1 AND "organizationId" = $2`, ref.definitionId, organizationId);
    if (!d) throw new BatonError("NOT_FOUND", `No process definition ${ref.definitionId}.`);
    return d;
  }
  const [d] = ref.version
    ? await sql.query<DefinitionRef>(`SELECT id, key, version FROM "ProcessDefinition" WHERE "organizationId" = $1 AND key = $2 AND version = $3`, organizationId, ref.key, ref.version)
    : await sql.query<DefinitionRef>(`SELECT id, key, version FROM "ProcessDefinition" WHERE "organizationId" = $1 AND key = $2 ORDER BY version DESC LIMIT 1`, organizationId, ref.key);
  if (!d) throw new BatonError("NOT_FOUND", ref.version ? `Process ${ref.key} has no version ${ref.version}.` : `No process with key ${ref.key} is deployed.`, { key: ref.key });
  return d;
}

async function startFormVariables(db: Db, organizationId: string, def: DefinitionRef, variables: TStartInstanceRequest["variables"]) {
  const row = await db.processDefinition.findUniqueOrThrow({ where: { id: def.id }, select: { model: true } });
  const form = await resolveForm(db, organizationId, startFormOf(row.model as unknown as CompiledModel, def.key));
  return checkSubmission(form, variables as Record<string, unknown> | undefined, {});
}

export async function startInstance(actor: Actor | null, request: TStartInstanceRequest, deps: RunDeps = {}): Promise<TInstanceSummary> {
  assertCan(actor, "instance.start");
  const input = ZStartInstanceRequest.parse(request);
  const db = deps.db ?? defaultDb();
  // The latest version of a key is looked up by the start's own batch (one round trip less).
  // A person starting from the browser fills in the start form, if the model has one: the version
  // is pinned so the form checked is the one of the version started. API clients and the system
  // start with any variables (and skip this lookup on the hot path).
  const person = actor.via === "session";
  const def = input.definitionId || input.version || person ? await resolveDefinition(db, actor.organizationId, input) : null;
  const key = def?.key ?? (input.key as string);
  const variables = person && def ? await startFormVariables(db, actor.organizationId, def, input.variables) : input.variables;
  const instanceId = crypto.randomUUID();
  const outcome = await runEvent(
    {
      eventId: `start:${instanceId}`,
      instanceId,
      organizationId: actor.organizationId,
      actorId: actor.via === "system" ? null : actor.userId,
      event: { type: "start", processId: key, variables, startedBy: actor.userId },
      start: { definitionId: def?.id, definitionKey: key, businessKey: input.businessKey ?? null, startedById: actor.via === "system" ? null : actor.userId },
    },
    { ...deps, db },
  );
  if (!def && outcome.status === "not_found") throw new BatonError("NOT_FOUND", `No process with key ${key} is deployed.`, { key });
  expectApplied(outcome, `Starting ${key}`);
  const used = def ?? outcome.definition;
  if (!used) throw new Error(`start of ${key}: the write path did not say which definition it used`);
  const written = outcome.instance ?? { hasIncident: false, startedAt: new Date(), endedAt: null };
  return instanceSummary({
    id: instanceId,
    definitionId: used.id,
    businessKey: input.businessKey ?? null,
    status: outcome.instanceStatus ?? "ACTIVE",
    hasIncident: written.hasIncident,
    startedAt: written.startedAt,
    endedAt: written.endedAt,
    definition: { key: used.key, version: used.version },
  });
}
