// A worker reports a BPMN error: the engine throws it from the job's task, where a boundary
// error event (or an error event subprocess) with a matching code catches it; an uncaught
// error becomes an incident naming the code. The job ends ERROR_THROWN in the same transaction.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb } from "../../db/client";
import { BatonError } from "../../errors";
import type { RunDeps } from "../../runtime/run-events";
import { expectApplied } from "../outcome";
import { applyJobEvent } from "./job-events";
import type { TJobResult } from "./complete-job.types";
import { assertLockHeld, jobResult, loadJobFor } from "./load-job";
import { ZThrowJobErrorRequest, type TThrowJobErrorRequest } from "./throw-job-error.types";

export async function throwJobError(actor: Actor | null, request: TThrowJobErrorRequest, deps: RunDeps = {}): Promise<TJobResult> {
  assertCan(actor, "job.work");
  const input = ZThrowJobErrorRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const job = await loadJobFor(db, actor, input.jobId);
  const what = `Throwing error "${input.errorCode}" from job ${job.id}`;
  assertLockHeld(job, input.worker, what);
  const outcome = await applyJobEvent(
    db,
    {
      eventId: `job:${job.id}:error:${crypto.randomUUID()}`,
      instanceId: job.instanceId,
      organizationId: actor.organizationId,
      actorId: actor.userId,
      event: { type: "jobError", jobId: job.id, errorCode: input.errorCode, ...(input.errorMessage ? { errorMessage: input.errorMessage } : {}), variables: input.variables },
    },
    deps,
  );
  if (outcome.status === "ignored") throw new BatonError("CONFLICT", `${what}: the job was completed, failed or canceled a moment ago.`, { reason: outcome.reason });
  expectApplied(outcome, what);
  return jobResult({ ...job, state: "ERROR_THROWN", lockExpiresAt: null });
}
