// The definition (id, process key, version, name) behind each of some instances: what a list
// of tasks or jobs needs to name its process without loading every instance in full.
import type { Actor } from "../../authz/actor";
import { assertCan, can } from "../../authz/assert-can";
import { visibleInstances } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";

export interface TInstanceDefinition {
  definitionId: string;
  key: string;
  version: number;
  name: string;
}

export async function instanceDefinitions(actor: Actor, instanceIds: string[], deps: { db?: Db } = {}): Promise<Map<string, TInstanceDefinition>> {
  // Naming the process of a task one may see is part of seeing the task.
  if (!can(actor, "instance.read")) assertCan(actor, "task.list");
  if (instanceIds.length === 0) return new Map();
  const rows = await (deps.db ?? defaultDb()).processInstance.findMany({
    where: { AND: [visibleInstances(actor), { id: { in: [...new Set(instanceIds)] } }] },
    select: { id: true, definition: { select: { id: true, key: true, version: true, name: true } } },
  });
  return new Map(rows.map((r) => [r.id, { definitionId: r.definition.id, key: r.definition.key, version: r.definition.version, name: r.definition.name }]));
}
