// BullMQ queues of the catalog, under the configured Redis prefix. One set per process.
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "../env";
import { createRedis } from "../redis";
import { CATALOG, QUEUE_NAMES, type QueueName } from "./catalog";

export type Queues = Record<QueueName, Queue>;

export function createQueues(connection: Redis, prefix: string): Queues {
  const out = {} as Queues;
  for (const name of QUEUE_NAMES) {
    out[name] = new Queue(name, {
      connection,
      prefix,
      defaultJobOptions: {
        attempts: CATALOG[name].attempts,
        backoff: { type: "exponential", delay: CATALOG[name].backoffMs },
        // Kept for an hour so a re-publish of the same jobId is recognised as a duplicate.
        removeOnComplete: { age: 3600, count: 50_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
  }
  return out;
}

const holder = globalThis as unknown as { __batonQueues?: Queues };

export function queues(): Queues {
  if (!holder.__batonQueues) {
    const conn = createRedis(env().REDIS_URL, { forBullmq: true });
    conn.on("error", () => {});
    holder.__batonQueues = createQueues(conn, env().REDIS_PREFIX);
  }
  return holder.__batonQueues;
}

export async function closeQueues(q: Queues): Promise<void> {
  await Promise.all(Object.values(q).map((x) => x.close()));
}
