// One deployed definition with its BPMN XML, for the REST API and the designer.
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleDefinitions } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";

export interface TDefinitionView {
  id: string;
  key: string;
  version: number;
  name: string;
  checksum: string;
  deployedById: string | null;
  deployedAt: string;
  bpmnXml: string;
}

export async function getDefinition(actor: Actor, id: string, deps: { db?: Db } = {}): Promise<TDefinitionView> {
  assertCan(actor, "definition.read");
  const row = await (deps.db ?? defaultDb()).processDefinition.findFirst({
    where: { AND: [visibleDefinitions(actor), { id }] },
    select: { id: true, key: true, version: true, name: true, checksum: true, deployedById: true, deployedAt: true, bpmnXml: true },
  });
  // Another organization's id reads exactly like an unknown one.
  if (!row) throw new BatonError("NOT_FOUND", `No definition ${id}.`, { id });
  return { ...row, deployedAt: row.deployedAt.toISOString() };
}
