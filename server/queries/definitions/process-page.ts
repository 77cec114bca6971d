// What the start page of one process shows: the latest version's name, description and
// diagram, every version with who deployed it when, and the message start events it has.
import { messageStartsOf, type CompiledModel } from "../../../engine";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleDefinitions } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import { isBatonError } from "../../errors";
import { loadNames } from "../requests/request-view";
import { listDefinitionVersions } from "./list-definition-versions";
import { processDocumentation } from "./process-documentation";

export interface TProcessPage {
  key: string;
  name: string;
  version: number;
  definitionId: string;
  description: string | null;
  xml: string;
  versions: { id: string; version: number; deployedAt: string; deployedBy: string | null; instances: number }[];
  /** Message start events of the latest version (operators can trigger them). */
  messageStarts: { elementId: string; name: string; messageName: string }[];
  /** Whether the latest version has a none start event a person can start it from. */
  startable: boolean;
}

/** Keys are BPMN ids (XML NCNames): anything else cannot be a deployed process. */
const KEY = /^[A-Za-z_][\w.-]{0,254}$/;

export async function getProcessPage(actor: Actor, key: string, deps: { db?: Db } = {}): Promise<TProcessPage | null> {
  assertCan(actor, "definition.read");
  if (!KEY.test(key)) return null;
  const db = deps.db ?? defaultDb();
  let versions;
  try {
    versions = (await listDefinitionVersions(actor, key, { db })).items;
  } catch (err) {
    if (isBatonError(err) && err.code === "NOT_FOUND") return null;
    throw err;
  }
  const latest = await db.processDefinition.findFirst({
    where: { AND: [visibleDefinitions(actor), { id: versions[0].id }] },
    select: { id: true, key: true, name: true, version: true, bpmnXml: true, model: true },
  });
  if (!latest) return null;
  const names = await loadNames(db, actor.organizationId, versions.map((v) => v.deployedById).filter((x): x is string => !!x), []);
  const proc = (latest.model as unknown as CompiledModel).processes?.[key];
  const elements = proc ? Object.values(proc.elements) : [];
  return {
    key,
    name: latest.name || key,
    version: latest.version,
    definitionId: latest.id,
    description: await processDocumentation(latest.id, latest.bpmnXml, key),
    xml: latest.bpmnXml,
    versions: versions.map((v) => ({ id: v.id, version: v.version, deployedAt: v.deployedAt, deployedBy: v.deployedById ? (names.users.get(v.deployedById) ?? "A former user") : null, instances: v.instances })),
    messageStarts: proc ? messageStartsOf(proc).map((m) => ({ ...m, name: proc.elements[m.elementId]?.name || m.messageName })) : [],
    startable: elements.some((e) => e.type === "startEvent" && e.parent === null && !e.eventDefinition),
  };
}
