// The one write path: load instances -> engine.step per event -> ONE transaction for the
// whole batch (each instance under its own optimistic lock). A lost lock sends back only
// that instance's events; an event id already applied is skipped (at-least-once jobs).
import crypto from "node:crypto";
import { EngineError, step, type CompiledModel, type InstanceState } from "../../engine";
import { sqlPool, type Db } from "../db/client";
import { withSqlTx, type SqlTx } from "../db/sql";
import { emptyPlan, type InstanceEvent, type InstancePlan, type OutboxRow } from "./types";
import { planEffects, recordEvent, advance } from "./plan-effects";
import { persistPlans } from "./persist";
import { loadModels } from "./model-cache";

export type ApplyStatus = "applied" | "ignored" | "duplicate" | "conflict" | "not_found" | "failed";

export interface ApplyOutcome {
  status: ApplyStatus;
  /** Why nothing changed (ignored) or what went wrong (failed / not_found). */
  reason?: string;
  instanceStatus?: InstancePlan["status"];
  /** The instance as written (won plans only): lets a command answer without reading it back. */
  instance?: { hasIncident: boolean; startedAt: Date; endedAt: Date | null };
}

/** A start needs what an existing row would otherwise give: the definition and who started it. */
export interface StartFields {
  definitionId: string;
  businessKey?: string | null;
  startedById?: string | null;
  parentInstanceId?: string | null;
  parentTokenId?: string | null;
}

export type BatchItem = InstanceEvent & {
  start?: StartFields;
  /** The outbox row that carried this event: deleted in the same transaction once it is settled. */
  outboxId?: string;
};

export interface BatchResult {
  outcomes: Map<string, ApplyOutcome>;
  /** Rows to publish after commit (the sweeper publishes them too, should this process die). */
  outbox: OutboxRow[];
  wakeJobTypes: string[];
  plans: InstancePlan[];
}

interface Row {
  id: string;
  organizationId: string;
  definitionId: string;
  version: number;
  state: InstanceState;
}

const newId = () => crypto.randomUUID();

export async function applyBatch(db: Db, items: BatchItem[], now = new Date()): Promise<BatchResult> {
  const outcomes = new Map<string, ApplyOutcome>();
  if (!items.length) return { outcomes, outbox: [], wakeJobTypes: [], plans: [] };
  return withSqlTx(sqlPool(db), async (tx) => {
    const ids = [...new Set(items.map((i) => i.instanceId))];
    const eventIds = items.map((i) => i.eventId);
    const [seen, rows] = await Promise.all([
      tx.query<{ id: string }>(`SELECT id FROM "AppliedEvent" WHERE id = ANY($1::text[])`, eventIds),
      tx.query<Row>(`SELECT id, "organizationId", "definitionId", version, state FROM "ProcessInstance" WHERE id = ANY($1::text[])`, ids),
    ]);
    const applied = new Set(seen.map((s) => s.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const definitionIds = new Set<string>(rows.map((r) => r.definitionId));
    for (const i of items) if (i.start && !byId.has(i.instanceId)) definitionIds.add(i.start.definitionId);
    const models = await loadModels(tx, [...definitionIds]);

    const plans = new Map<string, InstancePlan>();
    const ctx = { now: () => now.getTime(), newId };
    for (const item of items) {
      if (applied.has(item.eventId)) {
        // A second delivery in the same batch shares the first one's outcome.
        if (!outcomes.has(item.eventId)) outcomes.set(item.eventId, { status: "duplicate" });
        continue;
      }
      applied.add(item.eventId); // the same id twice in one batch applies once
      const row = byId.get(item.instanceId);
      let plan = plans.get(item.instanceId);
      if (!plan) {
        if (row && row.organizationId !== item.organizationId) {
          outcomes.set(item.eventId, { status: "not_found", reason: "instance not found" });
          continue;
        }
        const definitionId = row?.definitionId ?? item.start?.definitionId;
        const model = definitionId ? models.get(definitionId) : undefined;
        if (!definitionId || !model || (!row && item.event.type !== "start")) {
          outcomes.set(item.eventId, { status: "not_found", reason: row ? "definition not found" : "instance not found" });
          continue;
        }
        plan = emptyPlan({ instanceId: item.instanceId, organizationId: item.organizationId, definitionId, mode: row ? "update" : "insert", expectedVersion: row?.version ?? 0, state: row?.state as InstanceState });
        if (!row && item.start) Object.assign(plan, { businessKey: item.start.businessKey, startedById: item.start.startedById, parentInstanceId: item.start.parentInstanceId, parentTokenId: item.start.parentTokenId });
        plans.set(item.instanceId, plan);
      }
      const model = models.get(plan.definitionId) as CompiledModel;
      try {
        // A new instance has no state until its start event; later events in the batch build on it.
        const current = plan.mode === "insert" && plan.eventIds.length === 0 ? null : plan.state;
        const res = step(model, current, item.event, ctx);
        if (res.ignored) {
          // Nothing changed, but the event is consumed (a fired timer is never fired again).
          plan.eventIds.push(item.eventId);
          if (item.event.type === "timerFired") plan.timerFired.push(item.event.timerId);
          if (item.event.type === "serviceCompleted") plan.jobDone.push({ id: item.event.jobId, state: "COMPLETED" });
          if (item.event.type === "jobError") plan.jobDone.push({ id: item.event.jobId, state: "ERROR_THROWN" });
          outcomes.set(item.eventId, { status: "ignored", reason: res.ignored });
          continue;
        }
        recordEvent(plan, item);
        planEffects(plan, res.effects, res.state, item, now);
        outcomes.set(item.eventId, { status: "applied" });
      } catch (err) {
        const reason = err instanceof EngineError ? err.message : `engine error: ${(err as Error).message}`;
        outcomes.set(item.eventId, { status: "failed", reason });
      }
    }

    const ready = [...plans.values()].filter((p) => p.eventIds.length > 0 && p.state);
    const { won, lost } = await persistPlans(tx, ready, now);
    for (const p of lost) for (const id of p.eventIds) outcomes.set(id, { status: "conflict" });
    for (const p of won) for (const id of p.eventIds) {
      const o = outcomes.get(id);
      if (o) {
        o.instanceStatus = p.status;
        o.instance = { hasIncident: p.hasIncident, startedAt: new Date(p.state.startedAt), endedAt: p.endedAt };
      }
    }
    const extra = await deliverBufferedMessages(tx, won, now);
    // Settled events release their outbox rows; a conflicted one keeps its row until it lands.
    const settled = items.filter((i) => i.outboxId && outcomes.get(i.eventId)?.status !== "conflict").map((i) => i.outboxId as string);
    if (settled.length) await tx.exec(`DELETE FROM "OutboxJob" WHERE id = ANY($1::text[])`, settled);
    return {
      outcomes,
      outbox: [...won.flatMap((p) => p.outbox), ...extra],
      wakeJobTypes: [...new Set(won.flatMap((p) => p.wakeJobTypes))],
      plans: won,
    };
  });
}

/** A subscription that just opened takes a buffered message waiting for it (oldest first). */
async function deliverBufferedMessages(tx: SqlTx, plans: InstancePlan[], now: Date): Promise<OutboxRow[]> {
  const rows: OutboxRow[] = [];
  for (const p of plans) {
    for (const s of p.subscriptions) {
      const found = await tx.query<{ id: string; variables: Record<string, unknown> }>(
        `UPDATE "BufferedMessage" SET "correlatedAt" = now(), "instanceId" = $4
         WHERE id = (SELECT id FROM "BufferedMessage" WHERE "organizationId" = $1 AND name = $2 AND "correlationKey" IS NOT DISTINCT FROM $3
                     AND "correlatedAt" IS NULL AND "expiresAt" > now() ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, variables`,
        p.organizationId, s.messageName, s.correlationKey, p.instanceId,
      );
      if (!found.length) continue;
      const m = found[0];
      const row = advance(p.organizationId, p.instanceId, `msg:${m.id}`, { type: "messageCorrelated", subscriptionId: s.id, variables: m.variables }, now);
      await tx.exec(
        `INSERT INTO "OutboxJob" (id, "organizationId", queue, name, payload, "availableAt", "createdAt") VALUES ($1, $2, $3, $4, $5::jsonb, $6, now())`,
        row.id, row.organizationId, row.queue, row.name, JSON.stringify(row.payload), now,
      );
      rows.push(row);
    }
  }
  return rows;
}
