// `POST /message`: Camunda 7 correlation translated to Baton's correlate-message. A process
// instance id or business key narrows the receivers; Camunda 7's correlationKeys (process
// variables to match) map onto Baton's one correlation key, the value of a single entry.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { correlateMessage } from "../../commands/messages/correlate-message";
import { getInstance } from "../../queries/instances/get-instance";
import { C7Error, invalidRequest } from "./errors";
import { processInstanceDto } from "./process-instances";
import { fromTypedValue, fromTypedVariables, toTypedVariables, ZTypedValue, ZTypedVariables } from "./variables";

export const ZCorrelate = z.object({
  messageName: z.string().min(1, "messageName is required").max(255),
  businessKey: z.string().max(255).nullish(),
  processInstanceId: z.string().max(255).nullish(),
  tenantId: z.string().nullish(),
  withoutTenantId: z.boolean().nullish(),
  correlationKeys: z.record(z.string(), ZTypedValue).nullish(),
  localCorrelationKeys: z.record(z.string(), ZTypedValue).nullish(),
  processVariables: ZTypedVariables.nullish(),
  processVariablesLocal: ZTypedVariables.nullish(),
  all: z.boolean().nullish(),
  resultEnabled: z.boolean().nullish(),
  variablesInResultEnabled: z.boolean().nullish(),
});

function correlationKeyOf(input: z.infer<typeof ZCorrelate>): string | null {
  if (input.localCorrelationKeys && Object.keys(input.localCorrelationKeys).length) {
    throw invalidRequest("localCorrelationKeys are not supported: Baton correlates by message name and one correlation key.");
  }
  const entries = Object.entries(input.correlationKeys ?? {});
  if (!entries.length) return null;
  if (entries.length > 1) throw invalidRequest("Baton correlates by one correlation key: send one entry in correlationKeys (its value is matched against the subscription's key).");
  const [name, tv] = entries[0];
  const value = fromTypedValue(name, tv);
  return value === null ? null : typeof value === "string" ? value : JSON.stringify(value);
}

export async function correlate(actor: Actor, request: Request, input: z.infer<typeof ZCorrelate>) {
  if (input.all) throw invalidRequest("all=true is not supported: Baton delivers a message to exactly one receiver.");
  if (input.tenantId) throw invalidRequest("tenantId is not supported: Baton has no tenants within an organization.");
  if (input.processVariablesLocal && Object.keys(input.processVariablesLocal).length) {
    throw invalidRequest("processVariablesLocal are not supported: send them as processVariables.");
  }
  const result = await correlateMessage(actor, {
    name: input.messageName,
    correlationKey: correlationKeyOf(input),
    variables: fromTypedVariables(input.processVariables),
    ...(input.processInstanceId ? { instanceId: input.processInstanceId } : {}),
    ...(input.businessKey ? { businessKey: input.businessKey } : {}),
  });
  if (!result.instanceId) {
    throw new C7Error(400, "RestException", `Cannot correlate message '${input.messageName}': No process definition or execution matches the parameters`);
  }
  if (!input.resultEnabled) return new Response(null, { status: 204 });
  const inst = await getInstance(actor, result.instanceId);
  const variables = input.variablesInResultEnabled ? { variables: toTypedVariables(inst.variables) } : {};
  if (result.outcome === "started") {
    return [{ resultType: "ProcessDefinition", execution: null, processInstance: processInstanceDto(request, inst), ...variables }];
  }
  return [{ resultType: "Execution", execution: { id: inst.id, processInstanceId: inst.id, ended: inst.status !== "ACTIVE", tenantId: null }, processInstance: null, ...variables }];
}
