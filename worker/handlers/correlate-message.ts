// A message thrown inside Baton (message end / intermediate throw) correlates like a REST one.
import { systemActor } from "../../server/authz/actor";
import { correlateMessage } from "../../server/commands/messages/correlate-message";
import type { Db } from "../../server/db/client";
import type { Payload } from "../../server/queues/catalog";
import type { Queues } from "../../server/queues/queues";
import { deleteOutboxRow } from "../../server/runtime/outbox";

export async function handleCorrelateMessage(db: Db, queues: Queues, jobId: string, p: Payload<"correlate-message">) {
  try {
    return await correlateMessage(systemActor(p.organizationId), { name: p.name, correlationKey: p.correlationKey, variables: p.variables, messageId: p.messageId, timeToLiveMs: 0 }, { db, queues });
  } catch (err) {
    // Already correlated by an earlier delivery of this job: done.
    if ((err as { code?: string }).code !== "CONFLICT") throw err;
    return { duplicate: true };
  } finally {
    await deleteOutboxRow(db, jobId);
  }
}
