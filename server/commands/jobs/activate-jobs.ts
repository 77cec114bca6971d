// Hands activatable jobs of one type to a worker: locked to it until the deadline, oldest
// first, `FOR UPDATE SKIP LOCKED` so concurrent workers never get the same job. With a request
// timeout and nothing to hand out, the request waits for a wake (Redis pub/sub, see
// job-waiters.ts) and re-checks every few seconds, so a lost publish never strands a worker.
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { jobWaiters, type JobWaiters } from "./job-waiters";
import { assertJobType } from "./load-job";
import { metrics } from "../../metrics/metrics";
import { ZActivateJobsRequest, type TActivateJobsRequest, type TActivateJobsResponse, type TActivatedJob } from "./activate-jobs.types";

export interface ActivateDeps {
  db?: Db;
  waiters?: JobWaiters;
  /** The client went away: stop waiting and activate nothing more. */
  signal?: AbortSignal;
  /** Re-check interval of a long poll without a wake (ms). */
  recheckMs?: number;
}

const RECHECK_MS = 3000;

interface Row {
  id: string;
  instanceId: string;
  elementId: string;
  type: string;
  retries: number;
  call: { headers?: Record<string, string> } | null;
  variables: Record<string, unknown> | null;
  lockExpiresAt: Date;
  createdAt: Date;
  instanceVariables: Record<string, unknown> | null;
  businessKey: string | null;
  processKey: string;
  processVersion: number;
  definitionId: string;
}

/** One activation round: the expired locks of a dead worker count as activatable too. */
async function activateNow(db: Db, organizationId: string, input: ReturnType<typeof ZActivateJobsRequest.parse>): Promise<TActivatedJob[]> {
  const rows = await db.$queryRawUnsafe<Row[]>(
    `WITH picked AS (
       SELECT id FROM "Job"
       WHERE "organizationId" = $1 AND type = $2 AND kind = 'job'
         AND ((state = 'ACTIVATABLE' AND "availableAt" <= now()) OR (state = 'ACTIVATED' AND "lockExpiresAt" < now()))
       ORDER BY "createdAt", id LIMIT $3 FOR UPDATE SKIP LOCKED
     ), upd AS (
       UPDATE "Job" j SET state = 'ACTIVATED', "lockOwner" = $4, "lockExpiresAt" = now() + ($5::int * interval '1 millisecond')
       FROM picked WHERE j.id = picked.id
       RETURNING j.id, j."instanceId", j."elementId", j.type, j.retries, j.call, j.variables, j."lockExpiresAt", j."createdAt"
     )
     SELECT upd.id, upd."instanceId", upd."elementId", upd.type, upd.retries, upd.call, upd.variables, upd."lockExpiresAt", upd."createdAt",
            i.variables AS "instanceVariables", i."businessKey", d.key AS "processKey", d.version AS "processVersion", d.id AS "definitionId"
     FROM upd JOIN "ProcessInstance" i ON i.id = upd."instanceId" JOIN "ProcessDefinition" d ON d.id = i."definitionId"
     ORDER BY upd."createdAt", upd.id`,
    organizationId, input.type, input.maxJobsToActivate, input.worker, input.timeout,
  );
  const wanted = input.fetchVariables ? new Set(input.fetchVariables) : null;
  const latency = metrics().jobActivationLatency;
  const now = Date.now();
  for (const r of rows) latency.observe(Math.max(0, now - new Date(r.createdAt).getTime()) / 1000);
  return rows.map((r) => {
    // The job's variables (its scope when it was created) over the instance's current ones.
    const all = { ...r.instanceVariables, ...r.variables };
    const variables = wanted ? Object.fromEntries(Object.entries(all).filter(([k]) => wanted.has(k))) : all;
    return {
      key: r.id,
      type: r.type,
      instanceId: r.instanceId,
      elementId: r.elementId,
      processKey: r.processKey,
      processVersion: r.processVersion,
      definitionId: r.definitionId,
      businessKey: r.businessKey,
      customHeaders: r.call?.headers ?? {},
      retries: r.retries,
      worker: input.worker,
      deadline: new Date(r.lockExpiresAt).toISOString(),
      variables,
    };
  });
}

export async function activateJobs(actor: Actor | null, request: TActivateJobsRequest, deps: ActivateDeps = {}): Promise<TActivateJobsResponse> {
  assertCan(actor, "job.work");
  const input = ZActivateJobsRequest.parse(request);
  assertJobType(actor, input.type);
  const db = deps.db ?? defaultDb();
  if (!input.requestTimeout) return { jobs: await activateNow(db, actor.organizationId, input) };

  const waiters = deps.waiters ?? jobWaiters();
  const recheckMs = deps.recheckMs ?? RECHECK_MS;
  const deadline = Date.now() + input.requestTimeout;
  // Registered before the first look: a job created between the look and the wait still wakes us.
  const wait = waiters.register(actor.organizationId, input.type);
  try {
    await waiters.ready();
    for (;;) {
      if (deps.signal?.aborted) return { jobs: [] };
      const jobs = await activateNow(db, actor.organizationId, input);
      const left = deadline - Date.now();
      if (jobs.length || left <= 0) return { jobs };
      // Jitter keeps many idle workers from re-checking in lockstep.
      await wait.next(Math.min(left, recheckMs * (0.75 + Math.random() * 0.5)), deps.signal);
    }
  } finally {
    wait.close();
  }
}
