// Jobs of the Camunda 8 API (activate, complete, fail, throw error, update) translated to
// Baton's job commands; keys are mapped both ways (keys.ts).
import type { z } from "zod";
import type { Actor } from "../../authz/actor";
import { activateJobs } from "../../commands/jobs/activate-jobs";
import { MAX_JOBS_TO_ACTIVATE, MAX_REQUEST_TIMEOUT_MS } from "../../commands/jobs/activate-jobs.types";
import { completeJob } from "../../commands/jobs/complete-job";
import { failJob } from "../../commands/jobs/fail-job";
import { throwJobError } from "../../commands/jobs/throw-job-error";
import { updateJob } from "../../commands/jobs/update-job";
import { batonIdFor, keysFor } from "./keys";
import { DEFAULT_TENANT, unsupported, type ZActivateJobsBody, type ZCompleteJobBody, type ZFailJobBody, type ZThrowJobErrorBody, type ZUpdateJobBody } from "./schemas";

/** Zeebe's gateway holds an activation this long when the client sends requestTimeout 0. */
export const DEFAULT_LONG_POLL_MS = 10_000;
const MIN_LOCK_MS = 1000;
const MAX_LOCK_MS = 7 * 24 * 3_600_000;

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** Camunda: 0 = the default long poll, < 0 = answer at once. Baton: 0 = at once, at most 60 s. */
export function longPollMs(requestTimeout: number | null | undefined): number {
  if (requestTimeout == null || requestTimeout === 0) return DEFAULT_LONG_POLL_MS;
  return requestTimeout < 0 ? 0 : Math.min(requestTimeout, MAX_REQUEST_TIMEOUT_MS);
}

export async function activateCamundaJobs(actor: Actor, body: z.infer<typeof ZActivateJobsBody>, signal?: AbortSignal) {
  if (body.tenantIds?.some((t) => t !== DEFAULT_TENANT)) throw unsupported("tenantIds", "a tenant other than <default>");
  const worker = body.worker?.trim() || "camunda-client";
  const { jobs } = await activateJobs(
    actor,
    {
      type: body.type,
      worker,
      maxJobsToActivate: clamp(body.maxJobsToActivate, 1, MAX_JOBS_TO_ACTIVATE),
      timeout: clamp(body.timeout, MIN_LOCK_MS, MAX_LOCK_MS),
      ...(body.fetchVariable?.length ? { fetchVariables: body.fetchVariable } : {}),
      requestTimeout: longPollMs(body.requestTimeout),
    },
    { signal },
  );
  const org = actor.organizationId;
  const [jobKeys, instanceKeys, definitionKeys] = await Promise.all([
    keysFor(org, "job", jobs.map((j) => j.key)),
    keysFor(org, "instance", jobs.map((j) => j.instanceId)),
    keysFor(org, "definition", jobs.map((j) => j.definitionId)),
  ]);
  return {
    jobs: jobs.map((j) => ({
      type: j.type,
      processDefinitionId: j.processKey,
      processDefinitionVersion: j.processVersion,
      elementId: j.elementId,
      customHeaders: j.customHeaders,
      worker: j.worker,
      retries: j.retries,
      deadline: Date.parse(j.deadline),
      variables: j.variables,
      tenantId: DEFAULT_TENANT,
      jobKey: jobKeys.get(j.key)!,
      processInstanceKey: instanceKeys.get(j.instanceId)!,
      processDefinitionKey: definitionKeys.get(j.definitionId)!,
      // Baton has no element instance key for a job's task: the job key stands in (one job per task activation).
      elementInstanceKey: jobKeys.get(j.key)!,
      kind: "BPMN_ELEMENT" as const,
      listenerEventType: "UNSPECIFIED" as const,
    })),
  };
}

const jobId = (actor: Actor, jobKey: string) => batonIdFor(actor.organizationId, "job", jobKey);

export async function completeCamundaJob(actor: Actor, jobKey: string, body: z.infer<typeof ZCompleteJobBody>): Promise<void> {
  if (body.result != null) throw unsupported("result", "a job result (user task listener corrections, ad-hoc activations)");
  await completeJob(actor, { jobId: await jobId(actor, jobKey), variables: body.variables });
}

export async function failCamundaJob(actor: Actor, jobKey: string, body: z.infer<typeof ZFailJobBody>): Promise<void> {
  if (Object.keys(body.variables).length) throw unsupported("variables", "setting variables when failing a job");
  await failJob(actor, {
    jobId: await jobId(actor, jobKey),
    retries: Math.max(0, body.retries ?? 0),
    errorMessage: body.errorMessage ?? "",
    retryBackoff: Math.max(0, body.retryBackOff ?? 0),
  });
}

export async function throwCamundaJobError(actor: Actor, jobKey: string, body: z.infer<typeof ZThrowJobErrorBody>): Promise<void> {
  await throwJobError(actor, {
    jobId: await jobId(actor, jobKey),
    errorCode: body.errorCode,
    ...(body.errorMessage ? { errorMessage: body.errorMessage } : {}),
    variables: body.variables,
  });
}

export async function updateCamundaJob(actor: Actor, jobKey: string, body: z.infer<typeof ZUpdateJobBody>): Promise<void> {
  const { retries, timeout } = body.changeset;
  await updateJob(actor, {
    jobId: await jobId(actor, jobKey),
    ...(retries != null ? { retries } : {}),
    ...(timeout != null ? { timeout: clamp(timeout, MIN_LOCK_MS, MAX_LOCK_MS) } : {}),
  });
}
