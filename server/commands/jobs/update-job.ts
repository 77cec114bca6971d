// Changes a job's retries (audited on the instance's chain) and/or extends its lock: the
// deadline becomes now + timeout, for handlers that need longer than they first asked for.
import type { Actor } from "../../authz/actor";
import { appendAudit } from "../../audit/append";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import type { TJobResult } from "./complete-job.types";
import { assertLockHeld, jobResult, loadJobFor } from "./load-job";
import { ZUpdateJobRequest, type TUpdateJobRequest } from "./update-job.types";

export async function updateJob(actor: Actor | null, request: TUpdateJobRequest, deps: { db?: Db } = {}): Promise<TJobResult> {
  assertCan(actor, "job.work");
  const input = ZUpdateJobRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const job = await loadJobFor(db, actor, input.jobId);
  const what = `Updating job ${job.id}`;
  if (input.timeout !== undefined) assertLockHeld(job, input.worker, what);
  else if (job.state !== "ACTIVATABLE" && job.state !== "ACTIVATED") {
    const hint = job.state === "FAILED" ? " Retry its incident instead." : "";
    throw new BatonError("CONFLICT", `${what}: the job is ${job.state}; only an open job's retries can change.${hint}`, { state: job.state });
  }
  const retries = input.retries ?? null;
  const timeout = input.timeout ?? null;
  const worker = input.worker ?? null;
  const rows = await db.$transaction(async (tx) => {
    // Only a retries change is audited (an instance change); extending a lock is a heartbeat.
    if (retries !== null) await tx.$executeRaw`UPDATE "ProcessInstance" SET version = version + 1 WHERE id = ${job.instanceId}`;
    const updated = await tx.$queryRaw<{ state: TJobResult["state"]; retries: number; lockExpiresAt: Date | null }[]>`
      UPDATE "Job" SET retries = COALESCE(${retries}::int, retries),
        "lockExpiresAt" = CASE WHEN ${timeout}::int IS NULL THEN "lockExpiresAt" ELSE now() + (${timeout}::int * interval '1 millisecond') END
      WHERE id = ${job.id} AND (
        (${timeout}::int IS NULL AND state IN ('ACTIVATABLE', 'ACTIVATED'))
        OR (state = 'ACTIVATED' AND (${worker}::text IS NULL OR "lockOwner" = ${worker} OR "lockExpiresAt" < now())))
      RETURNING state, retries, "lockExpiresAt"`;
    if (updated.length !== 1) throw new BatonError("CONFLICT", `${what}: the job was completed, failed or handed to another worker a moment ago.`);
    if (retries !== null) {
      await appendAudit(tx, [{
        organizationId: job.organizationId, instanceId: job.instanceId, elementId: job.elementId, type: "job.updated", actorId: actor.userId,
        payload: { jobId: job.id, jobType: job.type, retries, previousRetries: job.retries },
      }]);
    }
    return updated;
  });
  return jobResult({ ...job, ...rows[0], lockExpiresAt: rows[0].lockExpiresAt ? new Date(rows[0].lockExpiresAt) : null });
}
