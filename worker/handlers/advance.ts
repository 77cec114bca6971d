// Applies one event to one instance, through the batcher.
import type { Payload } from "../../server/queues/catalog";
import type { Batcher } from "../../server/runtime/batcher";
import type { EngineEvent } from "../../engine";

export async function handleAdvance(batcher: Batcher, jobId: string, p: Payload<"advance">) {
  const o = await batcher.submit({ eventId: p.eventId, instanceId: p.instanceId, organizationId: p.organizationId, actorId: p.actorId ?? null, event: p.event as unknown as EngineEvent, outboxId: jobId });
  if (o.status === "conflict") throw new Error(`instance ${p.instanceId} kept changing; will retry`);
  return o;
}
