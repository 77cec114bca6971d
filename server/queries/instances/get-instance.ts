// One instance in full: summary, what it is doing now (tokens and waits from the engine
// state), its variables, its history (the instance's audit events) and its open incidents.
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleInstances } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import type { TInstanceSummary } from "../../commands/instances/start-instance.types";
import { incidentView, type TIncidentView } from "../incidents/incident-view";
import { INSTANCE_SUMMARY_SELECT, instanceSummary } from "./instance-summary";

/** History beyond this many events is left to the audit API (which pages). */
export const HISTORY_LIMIT = 1000;

export interface TActiveToken {
  id: string;
  elementId: string;
  scopeId: string;
  status: string;
  incidentId: string | null;
}

export interface TActiveWait {
  id: string;
  kind: string;
  role: string;
  elementId: string;
  tokenId: string | null;
  dueAt: string | null;
  messageName: string | null;
  correlationKey: string | null;
  taskId: string | null;
}

export interface THistoryEvent {
  id: string;
  seq: number;
  type: string;
  actorId: string | null;
  elementId: string | null;
  payload: unknown;
  createdAt: string;
}

export interface TInstanceDetail extends TInstanceSummary {
  parentInstanceId: string | null;
  startedById: string | null;
  active: { tokens: TActiveToken[]; waits: TActiveWait[] };
  variables: Record<string, unknown>;
  history: THistoryEvent[];
  historyTruncated: boolean;
  incidents: TIncidentView[];
}

// The state column is the engine's JSON document; read it defensively so an older or
// partial state never turns a read into a 500.
interface LooseState {
  tokens?: Record<string, { id?: string; elementId?: string; scopeId?: string; status?: string; incidentId?: string }>;
  waits?: Record<string, { id?: string; kind?: string; role?: string; elementId?: string; tokenId?: string; dueAt?: number; messageName?: string; correlationKey?: string | null; taskId?: string }>;
}

export function activeElements(state: unknown): TInstanceDetail["active"] {
  const s = (state && typeof state === "object" ? state : {}) as LooseState;
  const tokens = Object.entries(s.tokens ?? {}).map(([id, t]) => ({
    id: t.id ?? id,
    elementId: t.elementId ?? "",
    scopeId: t.scopeId ?? "",
    status: t.status ?? "active",
    incidentId: t.incidentId ?? null,
  }));
  const waits = Object.entries(s.waits ?? {}).map(([id, w]) => ({
    id: w.id ?? id,
    kind: w.kind ?? "",
    role: w.role ?? "element",
    elementId: w.elementId ?? "",
    tokenId: w.tokenId ?? null,
    dueAt: typeof w.dueAt === "number" ? new Date(w.dueAt).toISOString() : null,
    messageName: w.messageName ?? null,
    correlationKey: w.correlationKey ?? null,
    taskId: w.taskId ?? null,
  }));
  return { tokens, waits };
}

export async function getInstance(actor: Actor, id: string, deps: { db?: Db } = {}): Promise<TInstanceDetail> {
  assertCan(actor, "instance.read");
  const db = deps.db ?? defaultDb();
  const row = await db.processInstance.findFirst({
    where: { AND: [visibleInstances(actor), { id }] },
    select: { ...INSTANCE_SUMMARY_SELECT, state: true, variables: true, parentInstanceId: true, startedById: true, organizationId: true },
  });
  if (!row) throw new BatonError("NOT_FOUND", `No instance ${id}.`, { id });
  const [events, incidents] = await Promise.all([
    db.auditEvent.findMany({
      where: { organizationId: row.organizationId, instanceId: id },
      orderBy: { seq: "asc" },
      take: HISTORY_LIMIT + 1,
      select: { id: true, seq: true, type: true, actorId: true, elementId: true, payload: true, createdAt: true },
    }),
    db.incident.findMany({ where: { organizationId: row.organizationId, instanceId: id, status: "OPEN" }, orderBy: { createdAt: "asc" } }),
  ]);
  return {
    ...instanceSummary(row),
    parentInstanceId: row.parentInstanceId,
    startedById: row.startedById,
    active: activeElements(row.state),
    variables: (row.variables ?? {}) as Record<string, unknown>,
    history: events.slice(0, HISTORY_LIMIT).map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    historyTruncated: events.length > HISTORY_LIMIT,
    incidents: incidents.map(incidentView),
  };
}
