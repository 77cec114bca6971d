// Process instances of the Camunda 8 API: create (optionally awaiting completion), get, cancel.
import type { z } from "zod";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { cancelInstance } from "../../commands/instances/cancel-instance";
import { startInstance } from "../../commands/instances/start-instance";
import type { TInstanceSummary } from "../../commands/instances/start-instance.types";
import { isBatonError } from "../../errors";
import { getInstance } from "../../queries/instances/get-instance";
import { instanceDefinitions } from "../../queries/instances/instance-definitions";
import { batonIdFor, keyFor, keysFor } from "./keys";
import { CamundaProblem } from "./problem";
import { DEFAULT_TENANT, unsupported, type ZCreateInstanceBody } from "./schemas";

/** When awaiting completion with requestTimeout 0 (Camunda: "the cluster's request timeout"). */
export const DEFAULT_AWAIT_MS = 10_000;
const MAX_AWAIT_MS = 5 * 60_000;

/** Camunda knows ACTIVE, COMPLETED and TERMINATED; a canceled Baton instance was terminated. */
export function camundaState(status: TInstanceSummary["status"]): "ACTIVE" | "COMPLETED" | "TERMINATED" {
  return status === "ACTIVE" || status === "COMPLETED" ? status : "TERMINATED";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function awaitEnd(actor: Actor, instanceId: string, timeoutMs: number, signal?: AbortSignal) {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 20; ; wait = Math.min(wait * 2, 250)) {
    const detail = await getInstance(actor, instanceId);
    if (detail.status !== "ACTIVE") return detail;
    if (Date.now() >= deadline || signal?.aborted) {
      throw new CamundaProblem(504, "DEADLINE_EXCEEDED", `Process instance ${instanceId} did not complete within the requestTimeout of ${timeoutMs} ms; it keeps running.`);
    }
    await sleep(Math.min(wait, Math.max(1, deadline - Date.now())));
  }
}

export async function createCamundaInstance(actor: Actor, body: z.infer<typeof ZCreateInstanceBody>, signal?: AbortSignal) {
  if (body.startInstructions?.length) throw unsupported("startInstructions", "starting at a chosen element");
  if (body.runtimeInstructions?.length) throw unsupported("runtimeInstructions", "runtime instructions");
  if (body.tags?.length) throw unsupported("tags", "process instance tags");
  // Awaiting reads the instance: refuse before starting one the caller could not then see.
  if (body.awaitCompletion) assertCan(actor, "instance.read");
  const org = actor.organizationId;
  const version = body.processDefinitionVersion != null && body.processDefinitionVersion > 0 ? body.processDefinitionVersion : undefined;
  const started = body.processDefinitionKey
    ? await startInstance(actor, { definitionId: await batonIdFor(org, "definition", body.processDefinitionKey), variables: body.variables })
    : await startInstance(actor, { key: body.processDefinitionId!, ...(version ? { version } : {}), variables: body.variables });
  const [instanceKey, definitionKey] = await Promise.all([keyFor(org, "instance", started.id), keyFor(org, "definition", started.definitionId)]);
  let variables: Record<string, unknown> = {};
  if (body.awaitCompletion) {
    const timeout = body.requestTimeout && body.requestTimeout > 0 ? Math.min(body.requestTimeout, MAX_AWAIT_MS) : DEFAULT_AWAIT_MS;
    const ended = await awaitEnd(actor, started.id, timeout, signal);
    if (ended.status !== "COMPLETED") {
      throw new CamundaProblem(409, "INVALID_STATE", `Process instance ${instanceKey} was ${ended.status.toLowerCase()} before it completed.`);
    }
    const wanted = body.fetchVariables?.length ? new Set(body.fetchVariables) : null;
    variables = wanted ? Object.fromEntries(Object.entries(ended.variables).filter(([k]) => wanted.has(k))) : ended.variables;
  }
  return {
    processDefinitionId: started.key,
    processDefinitionVersion: started.version,
    tenantId: DEFAULT_TENANT,
    variables,
    processDefinitionKey: definitionKey,
    processInstanceKey: instanceKey,
  };
}

export async function getCamundaInstance(actor: Actor, processInstanceKey: string) {
  const org = actor.organizationId;
  const instanceId = await batonIdFor(org, "instance", processInstanceKey);
  const detail = await getInstance(actor, instanceId);
  const [defs, definitionKeys, parentKeys] = await Promise.all([
    instanceDefinitions(actor, [instanceId]),
    keysFor(org, "definition", [detail.definitionId]),
    keysFor(org, "instance", detail.parentInstanceId ? [detail.parentInstanceId] : []),
  ]);
  return {
    processDefinitionId: detail.key,
    processDefinitionName: defs.get(instanceId)?.name ?? detail.key,
    processDefinitionVersion: detail.version,
    startDate: detail.startedAt,
    ...(detail.endedAt ? { endDate: detail.endedAt } : {}),
    state: camundaState(detail.status),
    hasIncident: detail.hasIncident,
    tenantId: DEFAULT_TENANT,
    processInstanceKey,
    processDefinitionKey: definitionKeys.get(detail.definitionId)!,
    ...(detail.parentInstanceId ? { parentProcessInstanceKey: parentKeys.get(detail.parentInstanceId)! } : {}),
  };
}

export async function cancelCamundaInstance(actor: Actor, processInstanceKey: string): Promise<void> {
  const instanceId = await batonIdFor(actor.organizationId, "instance", processInstanceKey);
  try {
    await cancelInstance(actor, { instanceId });
  } catch (err) {
    // Zeebe forgets ended instances: canceling one is NOT_FOUND there, and clients rely on it.
    if (isBatonError(err) && err.code === "CONFLICT" && /already/.test(err.message)) {
      throw new CamundaProblem(404, "NOT_FOUND", `Process instance ${processInstanceKey} has already ended (${err.message})`);
    }
    throw err;
  }
}
