import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db } from "../../db/client";

export async function listUsers(actor: Actor) {
  assertCan(actor, "admin.users");
  const users = await db().user.findMany({
    where: { organizationId: actor.organizationId },
    orderBy: { name: "asc" },
    include: { memberships: true, groups: { include: { group: true } } },
  });
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    disabled: u.disabled,
    lastLoginAt: u.lastLoginAt,
    roles: u.memberships.map((m) => m.role),
    groups: u.groups.map((g) => g.group.name),
  }));
}
