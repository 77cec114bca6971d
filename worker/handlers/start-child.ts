// Starts the instance a call activity asked for; its id is the call id, so twice is once.
import type { EngineEvent } from "../../engine";
import type { Payload } from "../../server/queues/catalog";
import type { Batcher } from "../../server/runtime/batcher";
import { resolveCalledDefinition } from "../../server/runtime/called-definitions";
import type { Db } from "../../server/db/client";

export async function handleStartChild(db: Db, batcher: Batcher, jobId: string, p: Payload<"start-child">) {
  const def = await resolveCalledDefinition(db, p.organizationId, p.processId, p.binding, p.version);
  if (!def) {
    // Tell the caller: its call activity raises an error event a boundary can catch, or an incident.
    return batcher.submit({
      eventId: `call-missing:${p.callId}`,
      instanceId: p.parentInstanceId,
      organizationId: p.organizationId,
      event: { type: "callActivityFailed", callId: p.callId, errorCode: "PROCESS_NOT_FOUND", errorMessage: `No deployed process ${p.processId}${p.version ? ` version ${p.version}` : ""}` },
      outboxId: jobId,
    });
  }
  const event = { type: "start", processId: def.key, variables: p.variables, caller: { callId: p.callId, instanceId: p.parentInstanceId } } as unknown as EngineEvent;
  return batcher.submit({
    eventId: `start:${p.childInstanceId}`,
    instanceId: p.childInstanceId,
    organizationId: p.organizationId,
    event,
    start: { definitionId: def.id, parentInstanceId: p.parentInstanceId, parentTokenId: null },
    outboxId: jobId,
  });
}
