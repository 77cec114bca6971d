import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleDefinitions } from "../../authz/scopes";
import { db } from "../../db/client";

/** The latest version of each process key, with how many versions exist. */
export async function listDefinitions(actor: Actor) {
  assertCan(actor, "definition.read");
  const rows = await db().processDefinition.findMany({
    where: visibleDefinitions(actor),
    orderBy: [{ key: "asc" }, { version: "desc" }],
    select: { id: true, key: true, version: true, name: true, deployedAt: true, _count: { select: { instances: true } } },
  });
  const latest = new Map<string, (typeof rows)[number] & { versions: number; instances: number }>();
  for (const r of rows) {
    const cur = latest.get(r.key);
    if (!cur) latest.set(r.key, { ...r, versions: 1, instances: r._count.instances });
    else {
      cur.versions += 1;
      cur.instances += r._count.instances;
    }
  }
  return [...latest.values()];
}
