// Starting a process instance (`POST /process-definition/key/{key}/start`, `…/{id}/start`) and
// Camunda 7's process instance object, with `links` relative to the request's /engine-rest base.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { startInstance } from "../../commands/instances/start-instance";
import type { TInstanceSummary } from "../../commands/instances/start-instance.types";
import { getInstance } from "../../queries/instances/get-instance";
import { invalidRequest } from "./errors";
import { fromTypedVariables, toTypedVariables, ZTypedVariables } from "./variables";

export const ZStartProcess = z.object({
  businessKey: z.string().max(255).nullish(),
  variables: ZTypedVariables.nullish(),
  caseInstanceId: z.string().nullish(),
  startInstructions: z.array(z.unknown()).nullish(),
  skipCustomListeners: z.boolean().nullish(),
  skipIoMappings: z.boolean().nullish(),
  withVariablesInReturn: z.boolean().nullish(),
});

/** `http://host/engine-rest` from a request to any path below it. */
export function engineRestBase(request: Request): string {
  const u = new URL(request.url);
  const at = u.pathname.indexOf("/engine-rest");
  return `${u.origin}${at >= 0 ? u.pathname.slice(0, at) : ""}/engine-rest`;
}

export function processInstanceDto(request: Request, i: Pick<TInstanceSummary, "id" | "definitionId" | "businessKey" | "status">) {
  return {
    links: [{ method: "GET", href: `${engineRestBase(request)}/process-instance/${i.id}`, rel: "self" }],
    id: i.id,
    definitionId: i.definitionId,
    businessKey: i.businessKey,
    caseInstanceId: null,
    ended: i.status !== "ACTIVE",
    suspended: false,
    tenantId: null,
  };
}

export async function startProcess(actor: Actor, request: Request, ref: { key: string } | { definitionId: string }, input: z.infer<typeof ZStartProcess>) {
  if (input.startInstructions?.length) throw invalidRequest("startInstructions are not supported: Baton starts an instance at its start event.");
  if (input.skipCustomListeners || input.skipIoMappings) throw invalidRequest("skipCustomListeners and skipIoMappings are not supported: Baton runs no listeners and always applies I/O mappings.");
  const started = await startInstance(actor, { ...ref, ...(input.businessKey ? { businessKey: input.businessKey } : {}), variables: fromTypedVariables(input.variables) });
  const dto = processInstanceDto(request, started);
  if (!input.withVariablesInReturn) return dto;
  return { ...dto, variables: toTypedVariables((await getInstance(actor, started.id)).variables) };
}
