// Baton's HTTP connector as a job: claim the job row, call the service, then either apply
// `serviceCompleted`, schedule a retry (exponential backoff, full jitter; durable through
// the outbox), or — out of retries or a 4xx other than 408/429 — raise an incident an
// operator can retry after fixing variables (the engine's `serviceFailed` incident: a retry
// re-enters the task and evaluates the call again). Secrets are resolved at call time only.
// Camunda's REST connector (`io.camunda:http-json:1` job type) runs here too, natively.
import crypto from "node:crypto";
import type { HttpCall } from "../../engine";
import { CAMUNDA_HTTP_JSON_TYPE, camundaHttpCall, camundaResultMapping, mapCamundaOutcome, type CamundaResultMapping } from "../connectors/camunda-http-json";
import { executeHttpCall, retryDelayMs, type HttpCallInput, type HttpOutcome } from "../connectors/http-connector";
import { sqlPool, type Db } from "../db/client";
import { sqlOf } from "../db/sql";
import { redactSecrets, resolveSecretsFor } from "../secrets/secrets";
import type { Queues } from "../queues/queues";
import { publishOutbox, deleteOutboxRow } from "./outbox";
import type { Batcher } from "./batcher";
import { LookupBatch } from "./lookup-batch";
import type { OutboxRow } from "./types";

/** Why a call's outcome is dropped: its job is another call's now (that call decides). */
const LOCK_LOST = "the job's lock ran out and it was released to another call";

// Longer than any call may take (HTTP timeouts are capped below it), so a live call keeps its lock.
const LOCK_MS = 5 * 60_000;

/** Jobs Baton runs itself: its own HTTP calls, and Camunda's REST connector. */
export const CONNECTOR_JOB_SQL = `(kind = 'http' OR type = '${CAMUNDA_HTTP_JSON_TYPE}')`;

interface ClaimedJob {
  id: string;
  organizationId: string;
  instanceId: string;
  elementId: string;
  kind: string;
  type: string;
  call: HttpCall | { kind: "job"; headers?: Record<string, string> };
  variables: Record<string, unknown>;
  retries: number;
  retryBackoffMs: number;
  attempts: number;
}

type Decision =
  | { kind: "complete"; variables?: Record<string, unknown>; result?: unknown }
  | { kind: "bpmnError"; code: string; message?: string; variables: Record<string, unknown> }
  | { kind: "fail"; message: string; retryable: boolean; retryBackoffMs?: number; retryAfterMs?: number; status?: number };

/** The call to make and how to read its answer, or why it cannot be made. */
function prepare(job: ClaimedJob): { ok: true; call: HttpCallInput; mapping?: CamundaResultMapping } | { ok: false; error: string } {
  if (job.kind === "http") return { ok: true, call: job.call as HttpCall };
  const call = camundaHttpCall(job.variables);
  if (!call.ok) return { ok: false, error: call.error };
  const mapping = camundaResultMapping((job.call as { headers?: Record<string, string> }).headers ?? {}, job.retries);
  if (!mapping.ok) return { ok: false, error: mapping.error };
  return { ok: true, call: call.value, mapping: mapping.value };
}

function decide(outcome: HttpOutcome, mapping: CamundaResultMapping | undefined, retriesLeft: number): Decision {
  if (!mapping) {
    if (outcome.ok) return { kind: "complete", result: { status: outcome.status, headers: outcome.headers, body: outcome.body } };
    return { kind: "fail", message: outcome.error, retryable: outcome.retryable, retryAfterMs: outcome.retryAfterMs, status: outcome.status };
  }
  const m = mapCamundaOutcome(outcome, mapping, retriesLeft);
  if (m.kind === "complete") return { kind: "complete", variables: m.variables };
  if (m.kind === "bpmnError") return m;
  if (m.kind === "incident") return { kind: "fail", message: m.message, retryable: false };
  return { kind: "fail", message: m.message, retryable: m.retryable, retryBackoffMs: m.retryBackoffMs, retryAfterMs: m.retryAfterMs, status: outcome.ok ? undefined : outcome.status };
}

/**
 * Claims of service-call jobs, batched like events: the calls that start within a couple of
 * milliseconds are claimed by one autocommit UPDATE (one lookup batch per worker id and lock
 * time — in practice one per process). Claimed one by one they were a third of the worker's
 * statements and most of its commits (profiled in bench/findings.md).
 */
const claimBatches = new WeakMap<Db, Map<string, LookupBatch<ClaimedJob>>>();
/** A claimed row goes to one caller: the same job asked for twice in one batch (a duplicate delivery) is claimed once. */
const handedOut = new WeakSet<ClaimedJob>();

async function claimJob(db: Db, jobId: string, workerId: string, lockMs: number): Promise<ClaimedJob | null> {
  let byWorker = claimBatches.get(db);
  if (!byWorker) claimBatches.set(db, (byWorker = new Map()));
  const key = `${workerId}\u0000${lockMs}`;
  let batch = byWorker.get(key);
  if (!batch) {
    batch = new LookupBatch(async (ids) => {
      const rows = await sqlOf(sqlPool(db)).query<ClaimedJob>(
        `UPDATE "Job" SET state = 'ACTIVATED', "lockOwner" = $2, "lockExpiresAt" = now() + ($3::int * interval '1 millisecond')
         WHERE id = ANY($1::text[]) AND ${CONNECTOR_JOB_SQL} AND state = 'ACTIVATABLE' AND "availableAt" <= now() + interval '1 second'
         RETURNING id, "organizationId", "instanceId", "elementId", kind, type, call, variables, retries, "retryBackoffMs", attempts`,
        ids, workerId, lockMs,
      );
      return new Map(rows.map((r) => [r.id, r]));
    }, 64);
    byWorker.set(key, batch);
  }
  const job = await batch.get(jobId);
  if (!job || handedOut.has(job)) return null;
  handedOut.add(job);
  return job;
}

export async function runServiceCall(db: Db, queues: Queues, batcher: Batcher, outboxId: string, jobId: string, workerId: string, lockMs = LOCK_MS) {
  const job = await claimJob(db, jobId, workerId, lockMs);
  if (!job) {
    await deleteOutboxRow(db, outboxId);
    return { status: "skipped" as const };
  }
  const attempts = job.attempts + 1;
  let decision: Decision;
  let secretValues: string[] = [];
  const prepared = prepare(job);
  if (!prepared.ok) {
    decision = { kind: "fail", message: prepared.error, retryable: false };
  } else {
    try {
      const resolved = await resolveSecretsFor(db, job.organizationId, prepared.call);
      secretValues = resolved.values;
      const call = resolved.value as HttpCallInput;
      const outcome = await executeHttpCall({ ...call, timeoutMs: Math.min(call.timeoutMs ?? 30_000, Math.max(1000, lockMs - 1000)) });
      decision = decide(outcome, prepared.mapping, Math.max(0, job.retries - attempts));
    } catch (err) {
      decision = { kind: "fail", message: (err as Error).message, retryable: false };
    }
  }
  const base = { instanceId: job.instanceId, organizationId: job.organizationId, outboxId };
  // The call has been made: its result must land. A conflict (the instance kept changing) is
  // retried, never taken as done — that would leave the job locked and the instance stalled.
  const submit = async (item: Parameters<Batcher["submit"]>[0]) => {
    for (;;) {
      const o = await batcher.submit(item);
      if (o.status !== "conflict") return o;
    }
  };
  if (decision.kind === "complete") {
    const o = await submit({ ...base, eventId: `job:${job.id}:done`, event: { type: "serviceCompleted", jobId: job.id, variables: decision.variables, result: decision.result } });
    return { status: o.status };
  }
  if (decision.kind === "bpmnError") {
    const o = await submit({ ...base, eventId: `job:${job.id}:error`, event: { type: "jobError", jobId: job.id, errorCode: decision.code, errorMessage: decision.message, variables: decision.variables } });
    return { status: o.status };
  }
  const error = redactSecrets(decision.message, secretValues);
  if (decision.retryable && attempts <= job.retries) {
    const delay = Math.max(retryDelayMs(attempts - 1, decision.retryBackoffMs ?? job.retryBackoffMs), decision.retryAfterMs ?? 0);
    const row: OutboxRow = { id: crypto.randomUUID(), organizationId: job.organizationId, queue: "service-call", name: "service-call", payload: { jobId: job.id, organizationId: job.organizationId }, availableAt: new Date(Date.now() + delay) };
    // One statement (atomic, one round trip): the job goes back with its retry time and a new
    // outbox row — but only while this worker still holds it. Had the lock run out and the job
    // been released to another call, that call's outcome decides; rescheduling here would reset
    // a job that may already be completed and call the service again and again.
    const [r] = await sqlOf(sqlPool(db)).query<{ rescheduled: number }>(
      `WITH job AS (
         UPDATE "Job" SET state = 'ACTIVATABLE', attempts = $2, "errorMessage" = $3, "lockOwner" = NULL, "lockExpiresAt" = NULL, "availableAt" = $4::timestamp(3)
         WHERE id = $1 AND state = 'ACTIVATED' AND "lockOwner" = $5 RETURNING id
       ), enqueued AS (
         INSERT INTO "OutboxJob" (id, "organizationId", queue, name, payload, "availableAt", "createdAt")
         SELECT $6, $7, 'service-call', 'service-call', $8::jsonb, $4::timestamp(3), now() FROM job RETURNING id
       ), settled AS (DELETE FROM "OutboxJob" WHERE id = $9)
       SELECT (SELECT count(*)::int FROM enqueued) AS rescheduled`,
      job.id, attempts, error, row.availableAt.toISOString(), workerId, row.id, job.organizationId, JSON.stringify(row.payload), outboxId,
    );
    if (!r?.rescheduled) return { status: "skipped" as const, reason: LOCK_LOST };
    await publishOutbox(db, queues, [row]).catch(() => {});
    return { status: "retrying" as const, attempts, delayMs: delay };
  }
  const message = `Service call failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${error}${decision.status ? ` (HTTP ${decision.status})` : ""}. Fix the cause (variables, service), then retry the incident: the call is made again with the current variables.`;
  // As above: a job another call now holds is not failed by this one.
  const held = await sqlOf(sqlPool(db)).query(`UPDATE "Job" SET attempts = $2 WHERE id = $1 AND state = 'ACTIVATED' AND "lockOwner" = $3 RETURNING id`, job.id, attempts, workerId);
  if (!held.length) {
    await deleteOutboxRow(db, outboxId);
    return { status: "skipped" as const, reason: LOCK_LOST };
  }
  const o = await submit({ ...base, eventId: `job:${job.id}:failed`, event: { type: "serviceFailed", jobId: job.id, errorMessage: message } });
  return { status: o.status === "applied" ? ("incident" as const) : o.status, attempts };
}

/**
 * Jobs whose worker died mid-call: lock expired → activatable again, and connector calls
 * re-enqueued. One statement, so the release and its outbox row commit together: released by
 * one statement and enqueued by a second, a worker killed between the two left the job
 * activatable with nothing to run it (found by the SIGKILL durability test).
 */
export async function reconcileExpiredJobLocks(db: Db, queues: Queues): Promise<number> {
  const [res] = await db.$queryRawUnsafe<{ released: number; outbox: Pick<OutboxRow, "id" | "organizationId" | "payload">[] | null }[]>(
    `WITH released AS (
       UPDATE "Job" SET state = 'ACTIVATABLE', "lockOwner" = NULL, "lockExpiresAt" = NULL
       WHERE state = 'ACTIVATED' AND "lockExpiresAt" < now()
       RETURNING id, "organizationId", ${CONNECTOR_JOB_SQL} AS connector
     ), enqueued AS (
       INSERT INTO "OutboxJob" (id, "organizationId", queue, name, payload, "availableAt", "createdAt")
       SELECT gen_random_uuid()::text, "organizationId", 'service-call', 'service-call', jsonb_build_object('jobId', id, 'organizationId', "organizationId"), now(), now()
       FROM released WHERE connector
       RETURNING id, "organizationId", payload
     )
     SELECT (SELECT count(*)::int FROM released) AS released, (SELECT json_agg(enqueued) FROM enqueued) AS outbox`,
  );
  const outbox: OutboxRow[] = (res?.outbox ?? []).map((r) => ({ ...r, queue: "service-call", name: "service-call", availableAt: new Date() }));
  // Published after the commit; should this process die first, the outbox sweep publishes them.
  if (outbox.length) await publishOutbox(db, queues, outbox);
  return res?.released ?? 0;
}
