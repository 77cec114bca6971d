// Applies events for a command (in the web process or the worker): retries the instances
// that lost their optimistic lock (bounded, with jitter), then publishes the outbox.
import { db as defaultDb, type Db } from "../db/client";
import { logger } from "../log";
import { queues as defaultQueues, type Queues } from "../queues/queues";
import { applyBatch, type ApplyOutcome, type BatchItem } from "./apply-batch";
import { publishOutbox } from "./outbox";
import { wakeJobWorkersFor } from "./wake";

export interface RunDeps {
  db?: Db;
  queues?: Queues;
  maxAttempts?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runEvents(items: BatchItem[], deps: RunDeps = {}): Promise<Map<string, ApplyOutcome>> {
  const db = deps.db ?? defaultDb();
  const maxAttempts = deps.maxAttempts ?? 8;
  const final = new Map<string, ApplyOutcome>();
  let pending = items;
  for (let attempt = 1; pending.length; attempt++) {
    const res = await applyBatch(db, pending);
    try {
      await publishOutbox(db, deps.queues ?? defaultQueues(), res.outbox);
      if (res.wakeJobTypes.length) await wakeJobWorkersFor(res.plans);
    } catch (err) {
      // Committed already: the sweeper publishes what this could not.
      logger.warn({ err: (err as Error).message }, "outbox publish failed; the sweeper will retry");
    }
    const retry: BatchItem[] = [];
    for (const item of pending) {
      const o = res.outcomes.get(item.eventId) ?? { status: "failed" as const, reason: "no outcome" };
      if (o.status === "conflict" && attempt < maxAttempts) retry.push(item);
      else final.set(item.eventId, o);
    }
    pending = retry;
    // Full jitter: concurrent losers spread out instead of colliding again.
    if (pending.length) await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
  }
  return final;
}

export async function runEvent(item: BatchItem, deps: RunDeps = {}): Promise<ApplyOutcome> {
  return (await runEvents([item], deps)).get(item.eventId)!;
}
