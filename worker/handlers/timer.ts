// Fires a due timer. The event id is the timer's, so a timer fires at most once.
import type { Payload } from "../../server/queues/catalog";
import type { Batcher } from "../../server/runtime/batcher";
import { timerState } from "../../server/runtime/timers";
import type { Db } from "../../server/db/client";
import { deleteOutboxRow } from "../../server/runtime/outbox";
import { metrics } from "../../server/metrics/metrics";

export async function handleTimer(db: Db, batcher: Batcher, jobId: string, p: Payload<"timer">) {
  const t = await timerState(db, p.timerId);
  if (t === "gone") {
    await deleteOutboxRow(db, jobId);
    return { status: "ignored", reason: "timer canceled or already fired" };
  }
  if (t.dueAt.getTime() > Date.now() + 1000) throw new Error(`timer ${p.timerId} is not due until ${t.dueAt.toISOString()}`);
  metrics().timerLateness.observe(Math.max(0, Date.now() - t.dueAt.getTime()) / 1000);
  const o = await batcher.submit({ eventId: `timer:${p.timerId}`, instanceId: p.instanceId, organizationId: p.organizationId, event: { type: "timerFired", timerId: p.timerId }, outboxId: jobId });
  if (o.status === "conflict") throw new Error(`instance ${p.instanceId} kept changing; will retry`);
  return o;
}
