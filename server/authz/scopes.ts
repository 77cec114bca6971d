// Visibility enforced inside the query: each function returns a Prisma `where`.
import type { Prisma } from "../db/generated/client";
import type { Actor } from "./actor";

function seesEverythingInOrg(actor: Actor): boolean {
  return actor.roles.includes("admin") || actor.roles.includes("operator");
}

/** Tasks the actor may see: assigned to them, offered to them or to one of their groups. */
export function visibleTasks(actor: Actor): Prisma.TaskWhereInput {
  const org = { organizationId: actor.organizationId };
  if (seesEverythingInOrg(actor)) return org;
  return {
    ...org,
    OR: [
      { assigneeId: actor.userId },
      { candidateUsers: { has: actor.userId } },
      ...(actor.groups.length ? [{ candidateGroups: { hasSome: actor.groups } }] : []),
    ],
  };
}

export function visibleInstances(actor: Actor): Prisma.ProcessInstanceWhereInput {
  return { organizationId: actor.organizationId };
}

export function visibleDefinitions(actor: Actor): Prisma.ProcessDefinitionWhereInput {
  return { organizationId: actor.organizationId };
}

export function visibleIncidents(actor: Actor): Prisma.IncidentWhereInput {
  return { organizationId: actor.organizationId };
}
