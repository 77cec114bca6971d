// Applies events for commands (REST, server actions, job APIs). Commands running at the same
// time in one process share a transaction — the same adaptive batching as the worker (commit
// when the batch is full or a few ms have passed), each instance under its own optimistic
// lock; a lost lock sends back only that instance's event.
import { db as defaultDb, type Db } from "../db/client";
import { queues as defaultQueues, type Queues } from "../queues/queues";
import type { ApplyOutcome, BatchItem } from "./apply-batch";
import { Batcher } from "./batcher";

export interface RunDeps {
  db?: Db;
  queues?: Queues;
}

const holder = globalThis as unknown as { __batonCommandBatchers?: WeakMap<Db, Batcher> };

/** One batcher per database client in this process. */
export function commandBatcher(db: Db, queues: Queues): Batcher {
  holder.__batonCommandBatchers ??= new WeakMap();
  let b = holder.__batonCommandBatchers.get(db);
  if (!b) holder.__batonCommandBatchers.set(db, (b = new Batcher(db, queues, { maxBatch: 64, maxWaitMs: 2 })));
  return b;
}

export async function runEvents(items: BatchItem[], deps: RunDeps = {}): Promise<Map<string, ApplyOutcome>> {
  const batcher = commandBatcher(deps.db ?? defaultDb(), deps.queues ?? defaultQueues());
  const outcomes = await Promise.all(items.map((i) => batcher.submit(i)));
  return new Map(items.map((i, k) => [i.eventId, outcomes[k]]));
}

export function runEvent(item: BatchItem, deps: RunDeps = {}): Promise<ApplyOutcome> {
  return commandBatcher(deps.db ?? defaultDb(), deps.queues ?? defaultQueues()).submit(item);
}
