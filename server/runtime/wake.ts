// Wakes long-polling job activations when jobs of their type are created (Redis pub/sub).
import { env } from "../env";
import { redis } from "../redis";

export function jobChannel(prefix: string, organizationId: string): string {
  return `${prefix}:jobs:created:${organizationId}`;
}

export async function wakeJobWorkers(organizationId: string, jobTypes: string[]): Promise<void> {
  if (!jobTypes.length) return;
  await redis().publish(jobChannel(env().REDIS_PREFIX, organizationId), JSON.stringify(jobTypes));
}
