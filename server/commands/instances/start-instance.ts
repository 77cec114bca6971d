// Starts an instance of the latest (or a pinned) version of a process.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb } from "../../db/client";
import { BatonError } from "../../errors";
import { runEvent, type RunDeps } from "../../runtime/run-events";
import { expectApplied } from "../outcome";
import { instanceSummary } from "./instance-view";
import { ZStartInstanceRequest, type TInstanceSummary, type TStartInstanceRequest } from "./start-instance.types";

export async function resolveDefinition(
  db: ReturnType<typeof defaultDb>,
  organizationId: string,
  ref: { key?: string; definitionId?: string; version?: number },
) {
  if (ref.definitionId) {
    const d = await db.processDefinition.findFirst({ where: { id: ref.definitionId, organizationId } });
    if (!d) throw new BatonError("NOT_FOUND", `No process definition ${ref.definitionId}.`);
    return d;
  }
  const d = await db.processDefinition.findFirst({
    where: { organizationId, key: ref.key, ...(ref.version ? { version: ref.version } : {}) },
    orderBy: { version: "desc" },
  });
  if (!d) throw new BatonError("NOT_FOUND", ref.version ? `Process ${ref.key} has no version ${ref.version}.` : `No process with key ${ref.key} is deployed.`, { key: ref.key });
  return d;
}

export async function startInstance(actor: Actor | null, request: TStartInstanceRequest, deps: RunDeps = {}): Promise<TInstanceSummary> {
  assertCan(actor, "instance.start");
  const input = ZStartInstanceRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const def = await resolveDefinition(db, actor.organizationId, input);
  const instanceId = crypto.randomUUID();
  const outcome = await runEvent(
    {
      eventId: `start:${instanceId}`,
      instanceId,
      organizationId: actor.organizationId,
      actorId: actor.via === "system" ? null : actor.userId,
      event: { type: "start", processId: def.key, variables: input.variables, startedBy: actor.userId },
      start: { definitionId: def.id, businessKey: input.businessKey ?? null, startedById: actor.via === "system" ? null : actor.userId },
    },
    { ...deps, db },
  );
  expectApplied(outcome, `Starting ${def.key}`);
  const row = await db.processInstance.findUniqueOrThrow({ where: { id: instanceId }, include: { definition: { select: { key: true, version: true } } } });
  return instanceSummary(row);
}
