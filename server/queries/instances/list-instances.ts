import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleInstances } from "../../authz/scopes";
import { db } from "../../db/client";
import type { InstanceStatus } from "../../db/generated/client";

export async function listInstances(actor: Actor, opts: { status?: InstanceStatus; take?: number } = {}) {
  assertCan(actor, "instance.read");
  return db().processInstance.findMany({
    where: { ...visibleInstances(actor), ...(opts.status ? { status: opts.status } : {}) },
    orderBy: { startedAt: "desc" },
    take: opts.take ?? 50,
    select: { id: true, businessKey: true, status: true, hasIncident: true, startedAt: true, endedAt: true, definition: { select: { name: true, version: true } } },
  });
}
