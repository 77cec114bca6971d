// A worker gives a job back before its lock ends (it cannot do it now, nothing failed): the job
// is activatable again at once, retries unchanged, and waiting workers are woken. Like extending
// a lock, this is a heartbeat of the worker, not a change of the instance: it is not audited.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { logger } from "../../log";
import { wakeJobWorkers } from "../../runtime/wake";
import { ZJobRef, type TJobResult } from "./complete-job.types";
import { assertLockHeld, jobResult, loadJobFor } from "./load-job";

export const ZUnlockJobRequest = ZJobRef;
export type TUnlockJobRequest = z.input<typeof ZUnlockJobRequest>;

export async function unlockJob(actor: Actor | null, request: TUnlockJobRequest, deps: { db?: Db } = {}): Promise<TJobResult> {
  assertCan(actor, "job.work");
  const input = ZUnlockJobRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const job = await loadJobFor(db, actor, input.jobId);
  const what = `Unlocking job ${job.id}`;
  assertLockHeld(job, input.worker, what);
  const worker = input.worker ?? null;
  const n = await db.$executeRaw`
    UPDATE "Job" SET state = 'ACTIVATABLE', "lockOwner" = NULL, "lockExpiresAt" = NULL, "availableAt" = now()
    WHERE id = ${job.id} AND state = 'ACTIVATED' AND (${worker}::text IS NULL OR "lockOwner" = ${worker} OR "lockExpiresAt" < now())`;
  if (n !== 1) throw new BatonError("CONFLICT", `${what}: the job was completed, failed or handed to another worker a moment ago.`);
  await wakeJobWorkers(job.organizationId, [job.type]).catch((err) => logger.warn({ jobId: job.id, err: (err as Error).message }, "job wake failed"));
  return jobResult({ ...job, state: "ACTIVATABLE", lockExpiresAt: null });
}
