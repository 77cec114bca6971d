import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db } from "../../db/client";

export async function listAuditEvents(actor: Actor, opts: { take?: number } = {}) {
  assertCan(actor, "audit.read");
  return db().auditEvent.findMany({
    where: { organizationId: actor.organizationId },
    orderBy: { createdAt: "desc" },
    take: opts.take ?? 50,
    select: { id: true, type: true, actorId: true, instanceId: true, elementId: true, createdAt: true, hash: true, chainId: true, seq: true },
  });
}
