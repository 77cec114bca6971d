// Publishes outbox rows to BullMQ (jobId = row id) after their transaction committed. A row
// lives until its job is settled (the handler deletes it in the same transaction), so the
// reconciler can re-create any job Redis lost (a crash before publish, FLUSHALL, failover).
// Publishing twice is harmless: BullMQ ignores a known jobId, handlers apply an event once.
import type { Redis } from "ioredis";
import { sqlPool, type Db } from "../db/client";
import { sqlOf } from "../db/sql";
import type { QueueName } from "../queues/catalog";
import type { Queues } from "../queues/queues";
import type { OutboxRow } from "./types";

// No bookkeeping write after publishing: recovery asks Redis whether the job exists, so a
// "published" flag would cost a statement per batch and decide nothing. (`db` stays in the
// signature for callers that may later record delivery metrics.)
export async function publishOutbox(_db: Db, queues: Queues, rows: OutboxRow[], now = Date.now()): Promise<void> {
  if (!rows.length) return;
  await addJobs(queues, rows, now);
}

async function addJobs(queues: Queues, rows: OutboxRow[], now: number): Promise<void> {
  const byQueue = new Map<QueueName, OutboxRow[]>();
  for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
  await Promise.all(
    [...byQueue].map(([queue, list]) =>
      queues[queue].addBulk(list.map((r) => ({ name: r.name, data: r.payload, opts: { jobId: r.id, delay: Math.max(0, new Date(r.availableAt).getTime() - now) } }))),
    ),
  );
}

/**
 * Re-creates the jobs of outbox rows older than `graceMs` whose job Redis does not have:
 * never published (the process died after commit), or lost (FLUSHALL). Returns how many.
 */
export async function reconcileOutbox(db: Db, queues: Queues, redis: Redis, opts: { graceMs?: number; limit?: number } = {}): Promise<number> {
  const rows = await db.$queryRawUnsafe<OutboxRow[]>(
    `SELECT id, "organizationId", queue, name, payload, "availableAt" FROM "OutboxJob"
     WHERE "createdAt" < now() - ($1::int * interval '1 millisecond') ORDER BY "availableAt" LIMIT $2`,
    opts.graceMs ?? 2000, opts.limit ?? 20_000,
  );
  if (!rows.length) return 0;
  const missing: OutboxRow[] = [];
  const byQueue = new Map<QueueName, OutboxRow[]>();
  for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
  for (const [queue, list] of byQueue) {
    const q = queues[queue];
    if (!q) continue;
    const pipe = redis.pipeline();
    for (const r of list) pipe.exists(q.toKey(r.id)).hget(q.toKey(r.id), "finishedOn");
    const res = (await pipe.exec()) ?? [];
    const finished: OutboxRow[] = [];
    list.forEach((r, i) => {
      const exists = Number(res[2 * i]?.[1] ?? 0) === 1;
      const finishedOn = res[2 * i + 1]?.[1];
      if (!exists) missing.push(r);
      // The job ended (failed for good, e.g. stalled twice by crashed workers) without settling
      // its row: the event is not applied yet, so it runs again under the same id.
      else if (finishedOn) finished.push(r);
    });
    for (const r of finished) {
      await q.remove(r.id).catch(() => {});
      missing.push(r);
    }
  }
  if (missing.length) await publishOutbox(db, queues, missing);
  return missing.length;
}

export async function deleteOutboxRow(db: Db, id: string): Promise<void> {
  await sqlOf(sqlPool(db)).exec(`DELETE FROM "OutboxJob" WHERE id = $1`, id);
}
