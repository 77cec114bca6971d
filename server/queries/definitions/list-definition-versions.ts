// Every deployed version of one process key, newest first, with its instance count.
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleDefinitions } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";

export interface TDefinitionVersion {
  id: string;
  key: string;
  version: number;
  name: string;
  checksum: string;
  deployedById: string | null;
  deployedAt: string;
  instances: number;
}

export async function listDefinitionVersions(actor: Actor, key: string, deps: { db?: Db } = {}): Promise<{ key: string; items: TDefinitionVersion[] }> {
  assertCan(actor, "definition.read");
  const rows = await (deps.db ?? defaultDb()).processDefinition.findMany({
    where: { AND: [visibleDefinitions(actor), { key }] },
    orderBy: { version: "desc" },
    select: { id: true, key: true, version: true, name: true, checksum: true, deployedById: true, deployedAt: true, _count: { select: { instances: true } } },
  });
  if (rows.length === 0) throw new BatonError("NOT_FOUND", `No process with key ${key} is deployed.`, { key });
  return {
    key,
    items: rows.map(({ _count, deployedAt, ...r }) => ({ ...r, deployedAt: deployedAt.toISOString(), instances: _count.instances })),
  };
}
