// Applies a job command's event through the write path. Many workers complete jobs at once:
// their events share a transaction (the worker's adaptive Batcher: a commit when the batch is
// full or a few ms have passed), each instance still under its own optimistic lock.
import type { Db } from "../../db/client";
import { queues as defaultQueues } from "../../queues/queues";
import type { ApplyOutcome, BatchItem } from "../../runtime/apply-batch";
import { Batcher } from "../../runtime/batcher";
import type { RunDeps } from "../../runtime/run-events";

const holder = globalThis as unknown as { __batonJobBatchers?: WeakMap<Db, Batcher> };

export function applyJobEvent(db: Db, item: BatchItem, deps: RunDeps): Promise<ApplyOutcome> {
  holder.__batonJobBatchers ??= new WeakMap();
  let b = holder.__batonJobBatchers.get(db);
  if (!b) holder.__batonJobBatchers.set(db, (b = new Batcher(db, deps.queues ?? defaultQueues(), { maxBatch: 64, maxWaitMs: 2 })));
  return b.submit(item);
}
