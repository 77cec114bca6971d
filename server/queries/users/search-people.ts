// People of the actor's organization to hand a task to (delegate / reassign pickers): active
// users whose name or email matches, first 20 by name. Never another organization's.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";

export interface TPersonOption {
  id: string;
  name: string;
  email: string;
  groups: string[];
}

export const ZSearchPeople = z.object({ q: z.string().trim().max(100).default("") });

export async function searchPeople(actor: Actor, input: { q?: string }, deps: { db?: Db } = {}): Promise<TPersonOption[]> {
  assertCan(actor, "task.delegate");
  const { q } = ZSearchPeople.parse(input);
  const rows = await (deps.db ?? defaultDb()).user.findMany({
    where: {
      organizationId: actor.organizationId,
      disabled: false,
      ...(q ? { OR: [{ name: { contains: q, mode: "insensitive" as const } }, { email: { contains: q, mode: "insensitive" as const } }] } : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 20,
    select: { id: true, name: true, email: true, groups: { select: { group: { select: { name: true } } } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, groups: r.groups.map((g) => g.group.name) }));
}
