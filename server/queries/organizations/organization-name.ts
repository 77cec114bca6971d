import type { Actor } from "../../authz/actor";
import { db } from "../../db/client";

export async function organizationName(actor: Actor): Promise<string> {
  const org = await db().organization.findUnique({ where: { id: actor.organizationId }, select: { name: true } });
  return org?.name ?? "";
}
