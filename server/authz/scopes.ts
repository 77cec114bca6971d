// Visibility enforced inside the query: each function returns a Prisma `where`.
import type { Prisma } from "../db/generated/client";
import type { Actor } from "./actor";
import { rolesAllow } from "./permissions";

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

/**
 * Instances a person may follow as a request: all of the organization's for roles that read
 * instances; otherwise the ones they started, and the ones holding a task they can see or did.
 */
export function visibleRequests(actor: Actor): Prisma.ProcessInstanceWhereInput {
  const org = { organizationId: actor.organizationId };
  if (rolesAllow(actor.roles, "instance.read")) return org;
  const taskOr: Prisma.TaskWhereInput[] = [
    { assigneeId: actor.userId },
    { completedById: actor.userId },
    { candidateUsers: { has: actor.userId } },
    ...(actor.groups.length ? [{ candidateGroups: { hasSome: actor.groups } }] : []),
  ];
  return { ...org, OR: [{ startedById: actor.userId }, { tasks: { some: { OR: taskOr } } }] };
}

export function visibleDefinitions(actor: Actor): Prisma.ProcessDefinitionWhereInput {
  return { organizationId: actor.organizationId };
}

export function visibleIncidents(actor: Actor): Prisma.IncidentWhereInput {
  return { organizationId: actor.organizationId };
}
