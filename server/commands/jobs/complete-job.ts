// A worker finished a job: the engine moves on with the variables (serviceCompleted), and the
// job is COMPLETED in the same transaction. A second completion finds no open job: 409.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb } from "../../db/client";
import { BatonError } from "../../errors";
import type { RunDeps } from "../../runtime/run-events";
import { expectApplied } from "../outcome";
import { applyJobEvent } from "./job-events";
import { ZCompleteJobRequest, type TCompleteJobRequest, type TJobResult } from "./complete-job.types";
import { assertLockHeld, jobResult, loadJobFor } from "./load-job";
import { metrics } from "../../metrics/metrics";

export async function completeJob(actor: Actor | null, request: TCompleteJobRequest, deps: RunDeps = {}): Promise<TJobResult> {
  assertCan(actor, "job.work");
  const input = ZCompleteJobRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const job = await loadJobFor(db, actor, input.jobId);
  const what = `Completing job ${job.id}`;
  assertLockHeld(job, input.worker, what);
  const outcome = await applyJobEvent(
    db,
    {
      // A fresh event id per call: of two concurrent completions one applies, the other is ignored (409).
      eventId: `job:${job.id}:complete:${crypto.randomUUID()}`,
      instanceId: job.instanceId,
      organizationId: actor.organizationId,
      actorId: actor.userId,
      event: { type: "serviceCompleted", jobId: job.id, variables: input.variables },
    },
    deps,
  );
  if (outcome.status === "ignored") throw new BatonError("CONFLICT", `${what}: the job was completed, failed or canceled a moment ago.`, { reason: outcome.reason });
  expectApplied(outcome, what);
  metrics().elementDuration.observe({ element_type: "job" }, Math.max(0, Date.now() - job.createdAt.getTime()) / 1000);
  return jobResult({ ...job, state: "COMPLETED", lockExpiresAt: null });
}
