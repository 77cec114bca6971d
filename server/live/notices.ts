// Live change notices: after a commit that touched tasks or ended instances, the write path and
// the task commands publish a small notice on Redis (one channel per organization). Web processes
// fan them out to Server-Sent Events streams (live-hub.ts), filtered per user; the page then
// re-fetches what it shows. A notice carries ids only — never names, values or variables — and a
// lost notice costs a stale list until the next one or a reconnect (the client re-fetches then).
import { env } from "../env";
import { logger } from "../log";
import { redis } from "../redis";

export interface LiveNotice {
  /** Tasks created, claimed, unclaimed, delegated, reassigned, completed or cancelled. */
  taskIds: string[];
  /** Instances that started, ended or changed status (for "My requests"). */
  instanceIds: string[];
  /** People told whatever the rows say now (e.g. who had a task before it was reassigned). */
  users?: string[];
}

export function liveChannel(prefix: string, organizationId: string): string {
  return `${prefix}:live:${organizationId}`;
}

/** Best effort: a failed publish never fails the command that already committed. */
export async function publishLive(organizationId: string, notice: LiveNotice): Promise<void> {
  if (notice.taskIds.length === 0 && notice.instanceIds.length === 0 && !notice.users?.length) return;
  try {
    await redis().publish(liveChannel(env().REDIS_PREFIX, organizationId), JSON.stringify(notice));
  } catch (err) {
    logger.warn({ err: (err as Error).message, organizationId }, "live notice not published; open pages refresh on their next notice or reconnect");
  }
}

interface PlanLike {
  organizationId: string;
  instanceId: string;
  mode: "insert" | "update";
  status: string;
  tasks: { id: string }[];
  taskCancels: string[];
  taskCompletions: { id: string }[];
}

/** One notice per organization for what a committed batch changed that people see in lists. */
export function noticesFromPlans(plans: readonly PlanLike[]): Map<string, LiveNotice> {
  const byOrg = new Map<string, LiveNotice>();
  for (const p of plans) {
    const taskIds = [...p.tasks.map((t) => t.id), ...p.taskCancels, ...p.taskCompletions.map((t) => t.id)];
    const instanceChanged = p.mode === "insert" || p.status !== "ACTIVE";
    if (taskIds.length === 0 && !instanceChanged) continue;
    const n = byOrg.get(p.organizationId) ?? { taskIds: [], instanceIds: [] };
    n.taskIds.push(...taskIds);
    n.instanceIds.push(p.instanceId);
    byOrg.set(p.organizationId, n);
  }
  return byOrg;
}

export async function publishPlans(plans: readonly PlanLike[]): Promise<void> {
  const notices = noticesFromPlans(plans);
  if (notices.size === 0) return;
  await Promise.all([...notices].map(([org, n]) => publishLive(org, n)));
}
