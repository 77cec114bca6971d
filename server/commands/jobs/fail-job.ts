// A worker could not do a job. With retries left the job is handed out again after the
// backoff (audited on the instance's chain); with none left the engine raises an incident
// at the task (serviceFailed, as for the HTTP connector): an operator fixes the cause and
// retries it, which creates a new job with the current variables and wakes the workers.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { appendAudit } from "../../audit/append";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { logger } from "../../log";
import type { RunDeps } from "../../runtime/run-events";
import { wakeJobWorkers } from "../../runtime/wake";
import { expectApplied } from "../outcome";
import { applyJobEvent } from "./job-events";
import type { TJobResult } from "./complete-job.types";
import { ZFailJobRequest, type TFailJobRequest } from "./fail-job.types";
import { assertLockHeld, jobResult, loadJobFor, type WorkableJob } from "./load-job";

type Input = ReturnType<typeof ZFailJobRequest.parse>;

export async function failJob(actor: Actor | null, request: TFailJobRequest, deps: RunDeps = {}): Promise<TJobResult> {
  assertCan(actor, "job.work");
  const input = ZFailJobRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const job = await loadJobFor(db, actor, input.jobId);
  const what = `Failing job ${job.id}`;
  assertLockHeld(job, input.worker, what);
  return input.retries > 0 ? retryLater(db, actor, job, input, what) : raiseIncident(db, actor, job, input, what, deps);
}

async function retryLater(db: Db, actor: Actor, job: WorkableJob, input: Input, what: string): Promise<TJobResult> {
  const availableAt = new Date(Date.now() + input.retryBackoff);
  await db.$transaction(async (tx) => {
    // The instance row first (as the write path does): it serializes this audit append with the
    // engine's, and a concurrent step on the instance retries under its optimistic lock.
    await tx.$executeRaw`UPDATE "ProcessInstance" SET version = version + 1 WHERE id = ${job.instanceId}`;
    const n = await tx.$executeRaw`
      UPDATE "Job" SET state = 'ACTIVATABLE', retries = ${input.retries}, attempts = attempts + 1, "errorMessage" = ${input.errorMessage || null},
        "lockOwner" = NULL, "lockExpiresAt" = NULL, "availableAt" = ${availableAt}
      WHERE id = ${job.id} AND state = 'ACTIVATED' AND (${input.worker ?? null}::text IS NULL OR "lockOwner" = ${input.worker ?? null} OR "lockExpiresAt" < now())`;
    if (n !== 1) throw new BatonError("CONFLICT", `${what}: the job was completed, failed or handed to another worker a moment ago.`);
    await appendAudit(tx, [{
      organizationId: job.organizationId, instanceId: job.instanceId, elementId: job.elementId, type: "job.failed", actorId: actor.userId,
      payload: { jobId: job.id, jobType: job.type, retries: input.retries, retryBackoffMs: input.retryBackoff, errorMessage: input.errorMessage, worker: input.worker ?? null },
    }]);
  });
  // Waiting workers hear of it when it is due; if this process dies first, their re-check finds it.
  const wake = () => wakeJobWorkers(job.organizationId, [job.type]).catch((err) => logger.warn({ jobId: job.id, err: (err as Error).message }, "job wake failed"));
  if (input.retryBackoff <= 0) await wake();
  else setTimeout(wake, input.retryBackoff).unref();
  return jobResult({ ...job, state: "ACTIVATABLE", retries: input.retries, lockExpiresAt: null });
}

async function raiseIncident(db: Db, actor: Actor, job: WorkableJob, input: Input, what: string, deps: RunDeps): Promise<TJobResult> {
  const reason = input.errorMessage || "the worker gave no error message";
  const message = `Job "${job.type}" failed with no retries left: ${reason}. Fix the cause, then retry the incident: a new job is created with the current variables.`;
  const outcome = await applyJobEvent(
    db,
    { eventId: `job:${job.id}:failed:${crypto.randomUUID()}`, instanceId: job.instanceId, organizationId: actor.organizationId, actorId: actor.userId, event: { type: "serviceFailed", jobId: job.id, errorMessage: message } },
    deps,
  );
  if (outcome.status === "ignored") throw new BatonError("CONFLICT", `${what}: the job was completed, failed or canceled a moment ago.`, { reason: outcome.reason });
  expectApplied(outcome, what);
  // The write path put the incident's message on the job; the job keeps the worker's own words.
  await db.job.update({ where: { id: job.id }, data: { retries: 0, attempts: { increment: 1 }, errorMessage: input.errorMessage || message } });
  return jobResult({ ...job, state: "FAILED", retries: 0, lockExpiresAt: null });
}
