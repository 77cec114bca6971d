// A message thrown inside Baton (message end / intermediate throw) correlates like a REST one.
import { systemActor } from "../../server/authz/actor";
import { correlateMessage } from "../../server/commands/messages/correlate-message";
import type { Db } from "../../server/db/client";
import { isBatonError } from "../../server/errors";
import type { Payload } from "../../server/queues/catalog";
import type { Queues } from "../../server/queues/queues";
import { deleteOutboxRow } from "../../server/runtime/outbox";

export async function handleCorrelateMessage(db: Db, queues: Queues, jobId: string, p: Payload<"correlate-message">) {
  let settled = true;
  try {
    return await correlateMessage(systemActor(p.organizationId), { name: p.name, correlationKey: p.correlationKey, variables: p.variables, messageId: p.messageId, timeToLiveMs: 0 }, { db, queues });
  } catch (err) {
    // Already correlated by an earlier delivery of this job: done.
    if ((err as { code?: string }).code === "CONFLICT") return { duplicate: true };
    // A failure of the database or Redis passes: the row stays, so the message is delivered by
    // BullMQ's retry or, should Redis lose the job, by the outbox sweep. An error about the
    // message itself (a BatonError) would fail every retry the same way: the row goes.
    if (!isBatonError(err)) settled = false;
    throw err;
  } finally {
    if (settled) await deleteOutboxRow(db, jobId);
  }
}
