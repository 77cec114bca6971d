// One request (a process instance seen by the people it concerns): what it is, where it is,
// whom it waits on, the diagram's markers and the timeline. Visibility is inside the query
// (visibleRequests): the starter, task participants and instance readers see it; for anyone
// else — and for another organization's instance — it is null, which the page turns into 404.
import { can } from "../../authz/assert-can";
import type { Actor } from "../../authz/actor";
import { visibleRequests, visibleTasks } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import { activeElements } from "../instances/get-instance";
import { processDocumentation } from "../definitions/process-documentation";
import { instanceTimeline, type TimelineEntry } from "../timeline/instance-timeline";
import { loadNames, namesNeeded, OPEN_TASK_SELECT, person, requestStatus, waitingStep, type TPersonRef, type TRequestStatus, type TWaitingStep } from "./request-view";

/** A wait that is not a person's task: a timer, a message, a service call, a called process. */
export interface TSystemWait {
  kind: "timer" | "message" | "job" | "call";
  elementId: string;
  name: string;
  dueAt: string | null;
  messageName: string | null;
}

export interface TRequestDetail {
  id: string;
  process: { key: string; name: string; version: number; definitionId: string; description: string | null };
  businessKey: string | null;
  status: TRequestStatus;
  startedBy: TPersonRef | null;
  startedAt: string;
  endedAt: string | null;
  waitingOn: TWaitingStep[];
  systemWaits: TSystemWait[];
  /** Open incidents; the message only for those who may read incidents (it can name internals). */
  incidents: { elementId: string; name: string; message: string | null }[];
  diagram: { xml: string; active: string[]; completed: string[]; incidents: string[] };
  variables: Record<string, unknown>;
  timeline: TimelineEntry[];
  /** Open tasks of this request the reader may open (their task page would not 404). */
  openableTaskIds: string[];
}

interface ModelJson {
  processes?: Record<string, { elements?: Record<string, { name?: string }> }>;
}

export async function getRequest(actor: Actor | null, id: string, deps: { db?: Db } = {}): Promise<TRequestDetail | null> {
  if (!actor || typeof id !== "string" || id.length === 0 || id.length > 200) return null;
  const db = deps.db ?? defaultDb();
  const row = await db.processInstance.findFirst({
    where: { AND: [visibleRequests(actor), { id }] },
    select: {
      id: true, organizationId: true, businessKey: true, status: true, hasIncident: true, startedById: true, startedAt: true, endedAt: true, state: true, variables: true,
      definition: { select: { id: true, key: true, name: true, version: true, bpmnXml: true, model: true } },
    },
  });
  if (!row) return null;
  const org = row.organizationId;

  const [tasks, visible, passed, incidents, timeline] = await Promise.all([
    db.task.findMany({ where: { organizationId: org, instanceId: id, status: "OPEN" }, orderBy: { createdAt: "asc" }, select: OPEN_TASK_SELECT }),
    db.task.findMany({ where: { AND: [visibleTasks(actor), { instanceId: id, status: "OPEN" }] }, select: { id: true } }),
    // Elements and flows already passed, for the diagram's "done" path.
    db.$queryRaw<{ elementId: string }[]>`
      SELECT DISTINCT "elementId" FROM "AuditEvent"
      WHERE "organizationId" = ${org} AND "instanceId" = ${id} AND type = 'element.transition'
        AND "elementId" IS NOT NULL AND payload->>'transition' IN ('completed', 'taken')`,
    db.incident.findMany({ where: { organizationId: org, instanceId: id, status: "OPEN" }, orderBy: { createdAt: "asc" }, select: { elementId: true, message: true } }),
    instanceTimeline(db, org, id),
  ]);
  const need = namesNeeded(tasks, [row.startedById]);
  const names = await loadNames(db, org, need.users, need.groups);

  const elements = (row.definition.model as ModelJson).processes?.[row.definition.key]?.elements ?? {};
  const elementName = (elementId: string) => elements[elementId]?.name || elementId;
  const { tokens, waits } = activeElements(row.state);
  const finished = row.status !== "ACTIVE";
  const active = finished ? [] : [...new Set(tokens.filter((t) => t.status !== "incident").map((t) => t.elementId).filter(Boolean))];
  const incidentElements = [...new Set([...incidents.map((i) => i.elementId), ...tokens.filter((t) => t.status === "incident").map((t) => t.elementId)])];
  const mayReadIncidents = can(actor, "incident.read");

  return {
    id: row.id,
    process: {
      key: row.definition.key,
      name: row.definition.name || row.definition.key,
      version: row.definition.version,
      definitionId: row.definition.id,
      description: await processDocumentation(row.definition.id, row.definition.bpmnXml, row.definition.key),
    },
    businessKey: row.businessKey,
    status: requestStatus(row.status, row.hasIncident),
    startedBy: person(row.startedById, names),
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    waitingOn: tasks.map((t) => waitingStep(t, names)),
    systemWaits: finished
      ? []
      : waits
          .filter((w) => w.role === "element" && w.kind !== "task" && ["timer", "message", "job", "call"].includes(w.kind))
          .map((w) => ({ kind: w.kind as TSystemWait["kind"], elementId: w.elementId, name: elementName(w.elementId), dueAt: w.dueAt, messageName: w.messageName })),
    incidents: incidents.map((i) => ({ elementId: i.elementId, name: elementName(i.elementId), message: mayReadIncidents ? i.message : null })),
    diagram: { xml: row.definition.bpmnXml, active, completed: passed.map((p) => p.elementId).filter((e) => !active.includes(e)), incidents: incidentElements },
    variables: row.variables && typeof row.variables === "object" && !Array.isArray(row.variables) ? (row.variables as Record<string, unknown>) : {},
    timeline,
    openableTaskIds: visible.map((t) => t.id),
  };
}
