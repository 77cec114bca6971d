// Loads a user's organization, roles and groups fresh on each request, so a removed role
// or a disabled account takes effect at once.
import type { Actor } from "../authz/actor";
import type { RoleName } from "../authz/permissions";
import type { Db } from "../db/client";

export async function loadActor(db: Db, userId: string, via: Actor["via"] = "session"): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: true, groups: { include: { group: true } } },
  });
  if (!user || user.disabled) return null;
  return {
    userId: user.id,
    organizationId: user.organizationId,
    email: user.email,
    name: user.name,
    roles: [...new Set(user.memberships.filter((m) => m.organizationId === user.organizationId).map((m) => m.role as RoleName))],
    groups: user.groups.map((g) => g.group.key),
    via,
  };
}
