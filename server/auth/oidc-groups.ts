// Group claims of an OpenID Connect sign-in → Baton group memberships (OIDC_GROUPS_CLAIM).
//
// The identity provider is the source of truth for the groups that exist in Baton: at each SSO
// sign-in the user's memberships of the organization's groups become exactly those the claim
// lists. Groups Baton does not have are ignored (logged once per sign-in), never created: a
// directory holds many groups with nothing to do in Baton, and a group's key is referenced by
// models (candidateGroups), so an administrator creates it on purpose. When the token carries no
// such claim at all, memberships are left as they are (a provider without a groups mapper must
// not wipe groups assigned in Baton); an empty list removes them all.
import type { Tx } from "../db/client";
import { logger } from "../log";

/**
 * The group names a claim carries, or null when the claims have no such claim. The name may be a
 * dotted path into nested claims (Keycloak's `realm_access.roles`) unless a claim has that literal
 * name. A single string counts as one group. Values are trimmed and a leading `/` is dropped
 * (Keycloak's "full group path" form of a top-level group).
 */
export function groupClaimValues(claims: Record<string, unknown>, claimName: string): string[] | null {
  let value: unknown = claims[claimName];
  if (value === undefined && claimName.includes(".")) {
    value = claimName.split(".").reduce<unknown>((at, key) => (at && typeof at === "object" && !Array.isArray(at) ? (at as Record<string, unknown>)[key] : undefined), claims);
  }
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : [value];
  const names = list
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.trim().replace(/^\//, ""))
    .filter(Boolean);
  return [...new Set(names)];
}

export interface GroupSyncPlan {
  add: string[];
  remove: string[];
  /** Names in the claim that match no group of the organization. */
  unknown: string[];
}

/** What to change so the user belongs to exactly the organization's groups the claim names (keys compared case-insensitively). */
export function planGroupSync(orgGroups: { id: string; key: string }[], currentGroupIds: string[], claimed: string[]): GroupSyncPlan {
  const byKey = new Map<string, string[]>();
  for (const g of orgGroups) byKey.set(g.key.toLowerCase(), [...(byKey.get(g.key.toLowerCase()) ?? []), g.id]);
  const wanted = new Set<string>();
  const unknown: string[] = [];
  for (const name of claimed) {
    const ids = byKey.get(name.toLowerCase());
    if (ids) ids.forEach((id) => wanted.add(id));
    else unknown.push(name);
  }
  const current = new Set(currentGroupIds);
  return {
    add: [...wanted].filter((id) => !current.has(id)),
    remove: [...current].filter((id) => !wanted.has(id)),
    unknown,
  };
}

/** Applies the claim to the user's memberships in `organizationId`; returns the keys added and removed. */
export async function syncOidcGroups(
  tx: Tx,
  user: { id: string; organizationId: string },
  claimed: string[],
): Promise<{ added: string[]; removed: string[]; ignored: string[] }> {
  const orgGroups = await tx.group.findMany({ where: { organizationId: user.organizationId }, select: { id: true, key: true } });
  const current = await tx.groupMember.findMany({ where: { userId: user.id, group: { organizationId: user.organizationId } }, select: { groupId: true } });
  const plan = planGroupSync(orgGroups, current.map((m) => m.groupId), claimed);
  if (plan.remove.length) await tx.groupMember.deleteMany({ where: { userId: user.id, groupId: { in: plan.remove } } });
  if (plan.add.length) await tx.groupMember.createMany({ data: plan.add.map((groupId) => ({ groupId, userId: user.id })), skipDuplicates: true });
  if (plan.unknown.length) {
    logger.info({ userId: user.id, organizationId: user.organizationId, groups: plan.unknown }, "OIDC sign-in: groups in the claim that Baton does not have were ignored");
  }
  const keyOf = new Map(orgGroups.map((g) => [g.id, g.key]));
  return { added: plan.add.map((id) => keyOf.get(id)!), removed: plan.remove.map((id) => keyOf.get(id)!), ignored: plan.unknown };
}
