// Baton's HTTP connector as a job: claim the job row, call the service, then either apply
// `serviceCompleted`, schedule a retry (exponential backoff, full jitter; durable through
// the outbox), or — out of retries or a 4xx other than 408/429 — raise an incident an
// operator can retry after fixing variables (the engine's `serviceFailed` incident: a retry
// re-enters the task and evaluates the call again). Secrets are resolved at call time only.
import crypto from "node:crypto";
import type { HttpCall } from "../../engine";
import { executeHttpCall, nextRetryDelayMs, type HttpOutcome } from "../connectors/http-connector";
import type { Db } from "../db/client";
import { redactSecrets, resolveSecretsFor } from "../secrets/secrets";
import type { Queues } from "../queues/queues";
import { publishOutbox, deleteOutboxRow } from "./outbox";
import type { Batcher } from "./batcher";
import type { OutboxRow } from "./types";

// Longer than any call may take (HTTP timeouts are capped below it), so a live call keeps its lock.
const LOCK_MS = 5 * 60_000;

export async function runServiceCall(db: Db, queues: Queues, batcher: Batcher, outboxId: string, jobId: string, workerId: string, lockMs = LOCK_MS) {
  const claimed = await db.$queryRawUnsafe<{ id: string; organizationId: string; instanceId: string; elementId: string; call: HttpCall; retries: number; retryBackoffMs: number; attempts: number }[]>(
    `UPDATE "Job" SET state = 'ACTIVATED', "lockOwner" = $2, "lockExpiresAt" = now() + ($3::int * interval '1 millisecond')
     WHERE id = $1 AND kind = 'http' AND state = 'ACTIVATABLE' AND "availableAt" <= now() + interval '1 second'
     RETURNING id, "organizationId", "instanceId", "elementId", call, retries, "retryBackoffMs", attempts`,
    jobId, workerId, lockMs,
  );
  if (!claimed.length) {
    await deleteOutboxRow(db, outboxId);
    return { status: "skipped" as const };
  }
  const job = claimed[0];
  let outcome: HttpOutcome;
  let secretValues: string[] = [];
  try {
    const resolved = await resolveSecretsFor(db, job.organizationId, job.call);
    secretValues = resolved.values;
    const call = resolved.value as HttpCall;
    outcome = await executeHttpCall({ ...call, timeoutMs: Math.min(call.timeoutMs ?? 30_000, Math.max(1000, lockMs - 1000)) });
  } catch (err) {
    outcome = { ok: false, retryable: false, error: (err as Error).message };
  }
  if (outcome.ok) {
    const o = await batcher.submit({
      eventId: `job:${job.id}:done`,
      instanceId: job.instanceId,
      organizationId: job.organizationId,
      event: { type: "serviceCompleted", jobId: job.id, result: { status: outcome.status, headers: outcome.headers, body: outcome.body } },
      outboxId,
    });
    return { status: o.status };
  }
  const attempts = job.attempts + 1;
  const error = redactSecrets(outcome.error, secretValues);
  if (outcome.retryable && attempts <= job.retries) {
    const delay = nextRetryDelayMs(outcome, attempts - 1, job.retryBackoffMs);
    const row: OutboxRow = { id: crypto.randomUUID(), organizationId: job.organizationId, queue: "service-call", name: "service-call", payload: { jobId: job.id, organizationId: job.organizationId }, availableAt: new Date(Date.now() + delay) };
    await db.$transaction(async (tx) => {
      await tx.job.update({ where: { id: job.id }, data: { state: "ACTIVATABLE", attempts, errorMessage: error, lockOwner: null, lockExpiresAt: null, availableAt: row.availableAt } });
      await tx.outboxJob.create({ data: { ...row, payload: row.payload as object } });
      await tx.outboxJob.deleteMany({ where: { id: outboxId } });
    });
    await publishOutbox(db, queues, [row]).catch(() => {});
    return { status: "retrying" as const, attempts, delayMs: delay };
  }
  const status = outcome.ok ? undefined : outcome.status;
  const message = `Service call failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${error}${status ? ` (HTTP ${status})` : ""}. Fix the cause (variables, service), then retry the incident: the call is made again with the current variables.`;
  await db.job.update({ where: { id: job.id }, data: { attempts } });
  const o = await batcher.submit({ eventId: `job:${job.id}:failed`, instanceId: job.instanceId, organizationId: job.organizationId, event: { type: "serviceFailed", jobId: job.id, errorMessage: message }, outboxId });
  return { status: o.status === "applied" ? ("incident" as const) : o.status, attempts };
}

/** Jobs whose worker died mid-call: lock expired → activatable again, and the call re-enqueued. */
export async function reconcileExpiredJobLocks(db: Db, queues: Queues): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ id: string; organizationId: string; kind: string }[]>(
    `UPDATE "Job" SET state = 'ACTIVATABLE', "lockOwner" = NULL, "lockExpiresAt" = NULL
     WHERE state = 'ACTIVATED' AND "lockExpiresAt" < now() RETURNING id, "organizationId", kind`,
  );
  const http = rows.filter((r) => r.kind === "http");
  if (http.length) {
    const outbox: OutboxRow[] = http.map((r) => ({ id: crypto.randomUUID(), organizationId: r.organizationId, queue: "service-call", name: "service-call", payload: { jobId: r.id, organizationId: r.organizationId }, availableAt: new Date() }));
    await db.outboxJob.createMany({ data: outbox.map((o) => ({ ...o, payload: o.payload as object })) });
    await publishOutbox(db, queues, outbox);
  }
  return rows.length;
}
