import type { Actor } from "../../authz/actor";
import type { Db } from "../../db/client";
import { BatonError } from "../../errors";

/** An instance of the actor's organization, or NOT_FOUND (never FORBIDDEN for another tenant's id). */
export async function loadInstanceFor(db: Db, actor: Actor, instanceId: string) {
  const row = await db.processInstance.findFirst({ where: { id: instanceId, organizationId: actor.organizationId }, include: { definition: { select: { key: true, version: true } } } });
  if (!row) throw new BatonError("NOT_FOUND", `No instance ${instanceId}.`);
  return row;
}
