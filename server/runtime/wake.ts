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

/** Wakes per organization: a batch may carry the new jobs of several organizations. */
export async function wakeJobWorkersFor(plans: { organizationId: string; wakeJobTypes: string[] }[]): Promise<void> {
  const byOrg = new Map<string, Set<string>>();
  for (const p of plans) {
    if (!p.wakeJobTypes.length) continue;
    const set = byOrg.get(p.organizationId) ?? new Set<string>();
    for (const t of p.wakeJobTypes) set.add(t);
    byOrg.set(p.organizationId, set);
  }
  await Promise.all([...byOrg].map(([org, types]) => wakeJobWorkers(org, [...types])));
}
