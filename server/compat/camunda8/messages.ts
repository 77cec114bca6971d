// Messages of the Camunda 8 API. Publish = Baton's correlate with a time to live (buffered when
// nobody waits yet); correlate = deliver now or answer NOT_FOUND, as Camunda does.
import type { z } from "zod";
import type { Actor } from "../../authz/actor";
import { correlateMessage } from "../../commands/messages/correlate-message";
import { BatonError } from "../../errors";
import { keyFor } from "./keys";
import { DEFAULT_TENANT, type ZCorrelateMessageBody, type ZPublishMessageBody } from "./schemas";

// Camunda sends "" for "no correlation key" (message start events); Baton stores null.
const correlationKeyOf = (k: string | null | undefined) => (k ? k : null);

export async function publishCamundaMessage(actor: Actor, body: z.infer<typeof ZPublishMessageBody>) {
  const r = await correlateMessage(actor, {
    name: body.name,
    correlationKey: correlationKeyOf(body.correlationKey),
    variables: body.variables,
    timeToLiveMs: Math.max(0, body.timeToLive ?? 0),
    ...(body.messageId ? { messageId: body.messageId } : {}),
  });
  return { tenantId: DEFAULT_TENANT, messageKey: await keyFor(actor.organizationId, "message", r.messageId) };
}

export async function correlateCamundaMessage(actor: Actor, body: z.infer<typeof ZCorrelateMessageBody>) {
  const r = await correlateMessage(actor, { name: body.name, correlationKey: correlationKeyOf(body.correlationKey), variables: body.variables, timeToLiveMs: 0 });
  if (!r.instanceId) {
    throw new BatonError(
      "NOT_FOUND",
      `No process instance waits for message "${body.name}" with correlation key "${body.correlationKey ?? ""}", and no process starts with it. Publish it with a timeToLive to keep it until one does.`,
    );
  }
  const org = actor.organizationId;
  const [messageKey, processInstanceKey] = await Promise.all([keyFor(org, "message", r.messageId), keyFor(org, "instance", r.instanceId)]);
  return { tenantId: DEFAULT_TENANT, messageKey, processInstanceKey };
}
