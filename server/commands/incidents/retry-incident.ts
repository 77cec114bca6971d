// Retries an incident after an operator fixed its cause: an engine incident (a FEEL
// expression, a missing flow…) is re-attempted by the engine; a failed service call gets
// its retries back and runs again.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { appendAudit } from "../../audit/append";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb } from "../../db/client";
import { BatonError } from "../../errors";
import { queues as defaultQueues } from "../../queues/queues";
import { publishOutbox } from "../../runtime/outbox";
import { runEvent, type RunDeps } from "../../runtime/run-events";
import type { OutboxRow } from "../../runtime/types";
import { wakeJobWorkers } from "../../runtime/wake";
import { expectApplied } from "../outcome";
import { ZRetryIncidentRequest, type TRetryIncidentRequest } from "./retry-incident.types";

export const JOB_FAILED = "jobFailed";

export async function retryIncident(actor: Actor | null, request: TRetryIncidentRequest, deps: RunDeps = {}): Promise<{ ok: true }> {
  assertCan(actor, "incident.retry");
  const input = ZRetryIncidentRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const inc = await db.incident.findFirst({ where: { id: input.incidentId, organizationId: actor.organizationId } });
  if (!inc) throw new BatonError("NOT_FOUND", `No incident ${input.incidentId}.`);
  if (inc.status !== "OPEN") throw new BatonError("CONFLICT", `Incident ${inc.id} is already resolved.`);

  if (inc.type !== JOB_FAILED) {
    const o = await runEvent(
      { eventId: `retry:${inc.id}:${crypto.randomUUID()}`, instanceId: inc.instanceId, organizationId: actor.organizationId, actorId: actor.userId, event: { type: "retryIncident", incidentId: inc.id, by: actor.userId } },
      { ...deps, db },
    );
    expectApplied(o, `Retrying incident ${inc.id}`);
    return { ok: true };
  }

  const jobId = String((inc.details as { jobId?: string }).jobId ?? "");
  const { outbox, jobType } = await db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "ProcessInstance" SET version = version + 1 WHERE id = ${inc.instanceId}`;
    const job = await tx.job.findUnique({ where: { id: jobId } });
    if (!job || job.state !== "FAILED") throw new BatonError("CONFLICT", `The job of incident ${inc.id} is no longer waiting for a retry.`);
    await tx.job.update({ where: { id: job.id }, data: { state: "ACTIVATABLE", retries: input.retries ?? Math.max(1, job.retries), attempts: 0, errorMessage: null, availableAt: new Date() } });
    await tx.incident.update({ where: { id: inc.id }, data: { status: "RESOLVED", resolvedAt: new Date(), resolvedById: actor.userId } });
    const open = await tx.incident.count({ where: { instanceId: inc.instanceId, status: "OPEN" } });
    await tx.processInstance.update({ where: { id: inc.instanceId }, data: { hasIncident: open > 0 } });
    await appendAudit(tx, [{ organizationId: actor.organizationId, instanceId: inc.instanceId, elementId: inc.elementId, type: "incident.resolved", actorId: actor.userId, payload: { incidentId: inc.id, jobId, retried: true } }]);
    if (job.kind !== "http") return { outbox: [] as OutboxRow[], jobType: job.type };
    const row: OutboxRow = { id: crypto.randomUUID(), organizationId: actor.organizationId, queue: "service-call", name: "service-call", payload: { jobId, organizationId: actor.organizationId }, availableAt: new Date() };
    await tx.outboxJob.create({ data: { ...row, payload: row.payload as object } });
    return { outbox: [row], jobType: null };
  });
  await publishOutbox(db, deps.queues ?? defaultQueues(), outbox).catch(() => {});
  // An external job is activatable again: long-polling workers hear of it now, not at their next re-check.
  if (jobType) await wakeJobWorkers(actor.organizationId, [jobType]).catch(() => {});
  return { ok: true };
}
