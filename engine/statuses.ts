// Status predicates in one place, so callers never compare status strings themselves.
import type { InstanceState, InstanceStatus, TokenState } from "./runtime/state";

export const INSTANCE_STATUSES: readonly InstanceStatus[] = ["active", "completed", "terminated"];

export function isInstanceActive(s: Pick<InstanceState, "status">): boolean {
  return s.status === "active";
}

export function isInstanceEnded(s: Pick<InstanceState, "status">): boolean {
  return s.status === "completed" || s.status === "terminated";
}

export function hasIncidents(s: Pick<InstanceState, "incidents">): boolean {
  for (const _ in s.incidents) return true;
  return false;
}

/** Active with at least one incident: what operators see as "failed". */
export function isInstanceStuck(s: InstanceState): boolean {
  return isInstanceActive(s) && hasIncidents(s);
}

export function isTokenWaiting(t: Pick<TokenState, "status">): boolean {
  return t.status === "waiting" || t.status === "joining";
}

export function isTokenInIncident(t: Pick<TokenState, "status">): boolean {
  return t.status === "incident";
}
