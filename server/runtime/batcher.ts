// Adaptive batching for the worker: events from many jobs are applied in one transaction,
// committed when the batch is full or a few milliseconds have passed. A conflict sends
// only that instance's event back into the next batch.
//
// Group commit: when no batch is in flight, what arrived in the same tick is applied at once
// (no waiting at low load); while `maxInFlight` batches are being written, events wait and the
// next batch leaves when one of those completes (or after `maxWaitMs`), so batches grow with load.
import type { Db } from "../db/client";
import { logger } from "../log";
import type { Queues } from "../queues/queues";
import { applyBatch, type ApplyOutcome, type BatchItem } from "./apply-batch";
import { publishOutbox } from "./outbox";
import { wakeJobWorkersFor } from "./wake";
import { publishPlans } from "../live/notices";
import { countPlans } from "../metrics/metrics";
import { currentRequestId, logContext } from "../log-context";

interface Pending {
  item: BatchItem;
  attempts: number;
  resolve(o: ApplyOutcome): void;
  reject(e: unknown): void;
}

export interface BatcherOptions {
  maxBatch?: number;
  maxWaitMs?: number;
  maxConflictRetries?: number;
  /** Batches written at the same time (each its own transaction); more wait for one to finish. */
  maxInFlight?: number;
}

export class Batcher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing = 0;
  readonly maxBatch: number;
  readonly maxWaitMs: number;
  private readonly maxConflictRetries: number;
  private readonly maxInFlight: number;
  private immediate: NodeJS.Immediate | null = null;
  /** Counters for metrics and benchmarks. */
  stats = { batches: 0, events: 0, conflicts: 0 };

  constructor(private db: Db, private queues: Queues, opts: BatcherOptions = {}) {
    this.maxBatch = opts.maxBatch ?? 64;
    this.maxWaitMs = opts.maxWaitMs ?? 4;
    // A conflict means another transaction changed the instance (progress), so keep trying; the
    // cap only guards against a bug looping forever. Giving up would strand the event's job.
    this.maxConflictRetries = opts.maxConflictRetries ?? 500;
    this.maxInFlight = opts.maxInFlight ?? 2;
  }

  submit(item: BatchItem): Promise<ApplyOutcome> {
    // the batch is written from another async context: the request id travels on the item
    const requestId = currentRequestId();
    if (requestId && !item.requestId) item = { ...item, requestId };
    // the request's later log lines name the instance it acted on
    const store = logContext.getStore();
    if (store && !store.instanceId) store.instanceId = item.instanceId;
    return new Promise((resolve, reject) => {
      this.enqueue({ item, attempts: 0, resolve, reject });
    });
  }

  private enqueue(p: Pending) {
    this.queue.push(p);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.schedule();
  }

  private schedule() {
    if (!this.queue.length) return;
    // Idle: go after this tick (events submitted together still share a batch).
    if (this.flushing < this.maxInFlight) this.immediate ??= setImmediate(() => void this.flush());
    // Busy: a finishing batch flushes next; the timer bounds the wait should none finish soon.
    else this.timer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
  }

  private async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = null;
    }
    if (!this.queue.length) return;
    // Two events of one instance in a batch are applied in order, in one write.
    const batch = this.queue.splice(0, this.maxBatch);
    this.flushing++;
    // A full backlog leaves at once (another batch may go in parallel up to maxInFlight).
    if (this.queue.length >= this.maxBatch && this.flushing < this.maxInFlight) this.immediate = setImmediate(() => void this.flush());
    try {
      await this.settle(batch, await applyBatch(this.db, batch.map((p) => p.item)));
    } catch (err) {
      // One bad event must not fail the others that happened to share its transaction.
      if (batch.length === 1) batch[0].reject(err);
      else {
        for (const p of batch) {
          try {
            await this.settle([p], await applyBatch(this.db, [p.item]));
          } catch (e) {
            p.reject(e);
          }
        }
      }
    } finally {
      this.flushing--;
      this.schedule();
    }
  }

  private async settle(batch: Pending[], res: Awaited<ReturnType<typeof applyBatch>>): Promise<void> {
    this.stats.batches++;
    // first and not awaited: open inboxes learn of the change without holding up the answers
    void publishPlans(res.plans);
    countPlans(res.plans);
    try {
      await publishOutbox(this.db, this.queues, res.outbox);
      if (res.wakeJobTypes.length) await wakeJobWorkersFor(res.plans);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "outbox publish failed; the sweeper will retry");
    }
    for (const p of batch) {
      const o = res.outcomes.get(p.item.eventId) ?? { status: "failed" as const, reason: "no outcome" };
      if (o.status === "conflict" && p.attempts < this.maxConflictRetries) {
        this.stats.conflicts++;
        p.attempts++;
        // Jitter: events of one instance that collided (parallel branches finishing together)
        // spread out instead of colliding again in the very next batch.
        setTimeout(() => this.enqueue(p), Math.floor(Math.random() * Math.min(50, 2 * p.attempts)));
      } else {
        this.stats.events++;
        p.resolve(o);
      }
    }
  }

  async drain(): Promise<void> {
    while (this.queue.length || this.flushing) {
      await this.flush();
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
