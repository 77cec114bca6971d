// Loads an external job for a worker's command and checks what every job command checks:
// the organization (else 404), the token's job types, and that the caller holds the lock.
import type { Actor } from "../../authz/actor";
import type { Db } from "../../db/client";
import { BatonError } from "../../errors";
import type { TJobResult } from "./complete-job.types";

export interface WorkableJob {
  id: string;
  organizationId: string;
  instanceId: string;
  elementId: string;
  type: string;
  state: TJobResult["state"];
  retries: number;
  lockOwner: string | null;
  lockExpiresAt: Date | null;
  createdAt: Date;
}

/** API tokens may be limited to job types; a session (or an unlimited token) may work any type. */
export function assertJobType(actor: Actor, type: string): void {
  if (actor.tokenJobTypes && !actor.tokenJobTypes.includes(type)) {
    throw new BatonError("FORBIDDEN", `This API token may work job types ${actor.tokenJobTypes.map((t) => `"${t}"`).join(", ")}, not "${type}".`, { jobType: type });
  }
}

/** Internal (HTTP connector) jobs are Baton's own: they answer 404 like another organization's. */
export async function loadJobFor(db: Db, actor: Actor, jobId: string): Promise<WorkableJob> {
  const job = await db.job.findFirst({
    where: { id: jobId, organizationId: actor.organizationId, kind: "job" },
    select: { id: true, organizationId: true, instanceId: true, elementId: true, type: true, state: true, retries: true, lockOwner: true, lockExpiresAt: true, createdAt: true },
  });
  if (!job) throw new BatonError("NOT_FOUND", `No job ${jobId}.`);
  assertJobType(actor, job.type);
  return job;
}

const ENDED: Partial<Record<WorkableJob["state"], string>> = {
  COMPLETED: "is already completed",
  ERROR_THROWN: "already ended with a BPMN error",
  FAILED: "failed with no retries left; an operator retries its incident",
  CANCELED: "was canceled (its task or instance ended)",
  ACTIVATABLE: "is not activated: its lock ended and it waits to be activated again",
};

/** The job must be ACTIVATED, and locked to `worker` unless that lock has expired (or no worker is named). */
export function assertLockHeld(job: WorkableJob, worker: string | undefined, what: string, now = new Date()): void {
  if (job.state !== "ACTIVATED") {
    throw new BatonError("CONFLICT", `${what}: job ${job.id} ${ENDED[job.state] ?? `is ${job.state}`}.`, { state: job.state });
  }
  if (worker && job.lockOwner && job.lockOwner !== worker && job.lockExpiresAt && job.lockExpiresAt > now) {
    throw new BatonError("CONFLICT", `${what}: job ${job.id} is locked by worker "${job.lockOwner}" until ${job.lockExpiresAt.toISOString()}.`, { lockOwner: job.lockOwner });
  }
}

export function jobResult(job: Pick<WorkableJob, "id" | "instanceId" | "state" | "retries" | "lockExpiresAt">): TJobResult {
  const deadline = job.state === "ACTIVATED" && job.lockExpiresAt ? job.lockExpiresAt.toISOString() : null;
  return { jobId: job.id, instanceId: job.instanceId, state: job.state, retries: job.retries, deadline };
}
