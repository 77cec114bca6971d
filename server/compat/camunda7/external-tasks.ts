// Camunda 7 external tasks over Baton's jobs: a topic is a job type, an external task id is the
// job key, workerId is the lock owner. fetchAndLock asks activate-jobs once per topic.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { activateJobs } from "../../commands/jobs/activate-jobs";
import { MAX_JOBS_TO_ACTIVATE, MAX_REQUEST_TIMEOUT_MS, type TActivatedJob } from "../../commands/jobs/activate-jobs.types";
import { completeJob } from "../../commands/jobs/complete-job";
import { failJob } from "../../commands/jobs/fail-job";
import { assertJobType } from "../../commands/jobs/load-job";
import { throwJobError } from "../../commands/jobs/throw-job-error";
import { unlockJob } from "../../commands/jobs/unlock-job";
import { updateJob } from "../../commands/jobs/update-job";
import { c7Date } from "./dates";
import { C7Error, invalidRequest, type ErrorStyle } from "./errors";
import { fromTypedVariables, toTypedVariables, ZTypedVariables } from "./variables";

const MIN_LOCK_MS = 1000;
const MAX_LOCK_MS = 7 * 24 * 3_600_000;

/** A job that has ended no longer exists for Camunda 7 (404); an open one held elsewhere is a 400. */
const ENDED_STATES = new Set(["COMPLETED", "ERROR_THROWN", "CANCELED"]);
export const externalTaskErrors: ErrorStyle = {
  NOT_FOUND: [404, "RestException"],
  CONFLICT: (err) => (ENDED_STATES.has(String(err.details.state)) ? new C7Error(404, "RestException", err.message) : invalidRequest(err.message)),
};

const ZWorkerId = z.string().min(1, "workerId is required").max(255);

const ZTopic = z.object({
  topicName: z.string().min(1).max(255),
  lockDuration: z.number().int().positive(),
  variables: z.array(z.string()).nullish(),
  localVariables: z.boolean().nullish(),
  deserializeValues: z.boolean().nullish(),
  includeExtensionProperties: z.boolean().nullish(),
  // Filters Baton's jobs cannot apply: refused when given, never silently ignored.
  businessKey: z.string().nullish(),
  processDefinitionId: z.string().nullish(),
  processDefinitionIdIn: z.array(z.string()).nullish(),
  processDefinitionKey: z.string().nullish(),
  processDefinitionKeyIn: z.array(z.string()).nullish(),
  processDefinitionVersionTag: z.string().nullish(),
  processVariables: z.record(z.string(), z.unknown()).nullish(),
  tenantIdIn: z.array(z.string()).nullish(),
  withoutTenantId: z.boolean().nullish(),
});

export const ZFetchAndLock = z.object({
  workerId: ZWorkerId,
  maxTasks: z.number().int().min(0),
  usePriority: z.boolean().nullish(),
  asyncResponseTimeout: z.number().int().min(0).max(1_800_000).nullish(),
  topics: z.array(ZTopic).nullish(),
  sorting: z.array(z.object({ sortBy: z.string(), sortOrder: z.string() })).nullish(),
});
type TTopic = z.infer<typeof ZTopic>;

function refuseUnsupportedFilters(t: TTopic): void {
  const unsupported = (["businessKey", "processDefinitionId", "processDefinitionIdIn", "processDefinitionKey", "processDefinitionKeyIn", "processDefinitionVersionTag", "processVariables"] as const)
    .filter((k) => t[k] !== undefined && t[k] !== null);
  if (t.tenantIdIn?.length) unsupported.push("tenantIdIn" as never);
  if (unsupported.length) {
    throw invalidRequest(`topics[${t.topicName}]: Baton hands out jobs by topic only; the filter ${unsupported.join(", ")} is not supported. Use a separate topic per kind of work.`);
  }
}

function lockedTask(job: TActivatedJob, workerId: string) {
  return {
    activityId: job.elementId,
    activityInstanceId: `${job.elementId}:${job.key}`,
    errorMessage: null,
    errorDetails: null,
    executionId: job.key,
    id: job.key,
    lockExpirationTime: c7Date(job.deadline),
    createTime: null,
    processDefinitionId: job.definitionId,
    processDefinitionKey: job.processKey,
    processDefinitionVersionTag: null,
    processInstanceId: job.instanceId,
    retries: job.retries,
    suspended: false,
    workerId,
    topicName: job.type,
    tenantId: null,
    variables: toTypedVariables(job.variables),
    priority: 0,
    businessKey: job.businessKey,
    extensionProperties: job.customHeaders,
  };
}

export async function fetchAndLock(actor: Actor, input: z.infer<typeof ZFetchAndLock>, signal?: AbortSignal) {
  const topics = input.topics ?? [];
  topics.forEach(refuseUnsupportedFilters);
  // Every topic is checked before any job is locked: a refused topic must not strand another's jobs.
  assertCan(actor, "job.work");
  for (const t of topics) assertJobType(actor, t.topicName);
  const maxTasks = Math.min(input.maxTasks, MAX_JOBS_TO_ACTIVATE);
  if (!topics.length || maxTasks === 0) return [];
  const ask = (t: TTopic, max: number, requestTimeout: number, s?: AbortSignal) =>
    activateJobs(
      actor,
      {
        type: t.topicName,
        worker: input.workerId,
        maxJobsToActivate: max,
        timeout: Math.min(Math.max(t.lockDuration, MIN_LOCK_MS), MAX_LOCK_MS),
        ...(t.variables ? { fetchVariables: t.variables } : {}),
        requestTimeout,
      },
      { signal: s },
    );

  // First a look at every topic in turn, sharing maxTasks between them.
  const found: TActivatedJob[] = [];
  const giveBack = (jobs: TActivatedJob[]) => Promise.all(jobs.map((j) => unlockJob(actor, { jobId: j.key, worker: input.workerId }).catch(() => undefined)));
  try {
    for (const t of topics) {
      if (found.length >= maxTasks) break;
      found.push(...(await ask(t, maxTasks - found.length, 0)).jobs);
    }
  } catch (err) {
    await giveBack(found);
    throw err;
  }
  const wait = Math.min(input.asyncResponseTimeout ?? 0, MAX_REQUEST_TIMEOUT_MS);
  if (found.length || wait === 0) return found.map((j) => lockedTask(j, input.workerId));

  // Nothing yet: a long poll per topic; the first that gets jobs ends the others. Two topics may
  // both find jobs in the same instant: every locked job is either answered or unlocked again.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const answers = await Promise.allSettled(
      topics.map(async (t) => {
        try {
          const { jobs } = await ask(t, maxTasks, wait, stop.signal);
          if (jobs.length) stop.abort();
          return jobs;
        } catch (err) {
          stop.abort();
          throw err;
        }
      }),
    );
    const all = answers.flatMap((a) => (a.status === "fulfilled" ? a.value : []));
    const failed = answers.find((a) => a.status === "rejected");
    // Jobs beyond maxTasks (topics answered together), or locked when another topic failed, go back at once.
    const keep = failed ? 0 : maxTasks;
    await giveBack(all.slice(keep));
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return all.slice(0, maxTasks).map((j) => lockedTask(j, input.workerId));
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

export const ZComplete = z.object({
  workerId: ZWorkerId,
  variables: ZTypedVariables.nullish(),
  localVariables: ZTypedVariables.nullish(),
});

function refuseLocalVariables(local: z.infer<typeof ZTypedVariables> | null | undefined): void {
  if (local && Object.keys(local).length) {
    throw invalidRequest("localVariables are not supported: a Baton job has no local scope that outlives it. Send them as variables, or map results with camunda:outputParameter.");
  }
}

export async function completeExternalTask(actor: Actor, id: string, input: z.infer<typeof ZComplete>) {
  refuseLocalVariables(input.localVariables);
  await completeJob(actor, { jobId: id, worker: input.workerId, variables: fromTypedVariables(input.variables) });
}

export const ZFailure = z.object({
  workerId: ZWorkerId,
  errorMessage: z.string().nullish(),
  errorDetails: z.string().nullish(),
  // Camunda 7 reads an absent `retries` as 0: the failure raises an incident.
  retries: z.number().int().min(0).nullish(),
  retryTimeout: z.number().int().min(0).nullish(),
  variables: ZTypedVariables.nullish(),
  localVariables: ZTypedVariables.nullish(),
});

export async function failExternalTask(actor: Actor, id: string, input: z.infer<typeof ZFailure>) {
  if ((input.variables && Object.keys(input.variables).length) || (input.localVariables && Object.keys(input.localVariables).length)) {
    throw invalidRequest("variables on /failure are not supported: Baton changes no variables when a job fails. Set them with PUT on the process instance's variables, or complete the task.");
  }
  await failJob(actor, {
    jobId: id,
    worker: input.workerId,
    retries: Math.min(input.retries ?? 0, 1000),
    errorMessage: (input.errorMessage ?? "").slice(0, 10_000),
    retryBackoff: Math.min(input.retryTimeout ?? 0, MAX_LOCK_MS),
  });
}

export const ZBpmnError = z.object({
  workerId: ZWorkerId,
  errorCode: z.string().min(1, "errorCode is required").max(255),
  errorMessage: z.string().max(10_000).nullish(),
  variables: ZTypedVariables.nullish(),
});

export async function bpmnErrorExternalTask(actor: Actor, id: string, input: z.infer<typeof ZBpmnError>) {
  await throwJobError(actor, {
    jobId: id,
    worker: input.workerId,
    errorCode: input.errorCode,
    ...(input.errorMessage ? { errorMessage: input.errorMessage } : {}),
    variables: fromTypedVariables(input.variables),
  });
}

export const ZExtendLock = z.object({ workerId: ZWorkerId, newDuration: z.number().int().positive() });

export async function extendLock(actor: Actor, id: string, input: z.infer<typeof ZExtendLock>) {
  await updateJob(actor, { jobId: id, worker: input.workerId, timeout: Math.min(Math.max(input.newDuration, MIN_LOCK_MS), MAX_LOCK_MS) });
}

export async function unlockExternalTask(actor: Actor, id: string) {
  await unlockJob(actor, { jobId: id });
}
