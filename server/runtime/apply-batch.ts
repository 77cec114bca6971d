// The one write path: load instances -> engine.step per event -> ONE transaction for the
// whole batch (each instance under its own optimistic lock). A lost lock sends back only
// that instance's events; an event id already applied is skipped (at-least-once jobs).
import crypto from "node:crypto";
import { EngineError, step, type CompiledModel, type InstanceState } from "../../engine";
import { sqlPool, type Db } from "../db/client";
import type pg from "pg";
import { sqlClient, textArrayLiteral, type SqlTx } from "../db/sql";
import { emptyPlan, type InstanceEvent, type InstancePlan, type OutboxRow } from "./types";
import { planEffects, recordEvent, advance } from "./plan-effects";
import { instanceInsertSql, instanceWriteSql, writesSql, type ChainHeads } from "./persist";
import { loadModels } from "./model-cache";
import { env } from "../env";

export type ApplyStatus = "applied" | "ignored" | "duplicate" | "conflict" | "not_found" | "failed";

export interface ApplyOutcome {
  status: ApplyStatus;
  /** Why nothing changed (ignored) or what went wrong (failed / not_found). */
  reason?: string;
  instanceStatus?: InstancePlan["status"];
  /** The instance as written (won plans only): lets a command answer without reading it back. */
  instance?: { hasIncident: boolean; startedAt: Date; endedAt: Date | null };
  /** The definition a start used (also when it was given by key). */
  definition?: { id: string; key: string; version: number };
}

/** A start needs what an existing row would otherwise give: the definition and who started it. */
export interface StartFields {
  /** The definition to start; or, instead, `definitionKey`: the latest version of that key, resolved in the batch's read. */
  definitionId?: string;
  definitionKey?: string;
  businessKey?: string | null;
  startedById?: string | null;
  parentInstanceId?: string | null;
  parentTokenId?: string | null;
}

export type BatchItem = InstanceEvent & {
  start?: StartFields;
  /** The outbox row that carried this event: deleted in the same transaction once it is settled. */
  outboxId?: string;
  /** The web request this event came from: carried on the outbox rows it produces (log correlation). */
  requestId?: string;
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
  // Three round trips for the whole batch: the reads (outside the transaction: the optimistic
  // lock decides, not the read), then BEGIN + the instance write returning the winners, then
  // every other write and the COMMIT in one multi-statement query. Round trips, not SQL, were
  // the largest cost of the worker (each one a syscall and a wake-up on a busy machine).
  const client = await sqlPool(db).connect();
  let inTx = false;
  let broken: Error | undefined;
  try {
    const tx = sqlClient(client);
    const ids = [...new Set(items.map((i) => i.instanceId))];
    // Starts by key take the latest version, looked up in the same statement (one round trip less per start).
    const startsByKey = items.filter((i) => i.start?.definitionKey && !i.start.definitionId);
    const keyRefs = [...new Map(startsByKey.map((i) => [`${i.organizationId}\u0000${i.start!.definitionKey}`, [i.organizationId, i.start!.definitionKey!]])).values()];
    const read = await tx.query<Row & { k: "e" | "i" | "d" }>(
      `SELECT 'e' AS k, id, NULL AS "organizationId", NULL AS "definitionId", NULL::int AS version, NULL::jsonb AS state FROM "AppliedEvent" WHERE id = ANY($1::text[])
       UNION ALL SELECT 'i', id, "organizationId", "definitionId", version, state FROM "ProcessInstance" WHERE id = ANY($2::text[])
       UNION ALL SELECT 'd', d.id, r.org, r.key, d.version, NULL FROM unnest($3::text[], $4::text[]) AS r(org, key)
         CROSS JOIN LATERAL (SELECT id, version FROM "ProcessDefinition" WHERE "organizationId" = r.org AND key = r.key ORDER BY version DESC LIMIT 1) AS d`,
      items.map((i) => i.eventId), ids, keyRefs.map((r) => r[0]), keyRefs.map((r) => r[1]),
    );
    const applied = new Set(read.filter((r) => r.k === "e").map((s) => s.id));
    const rows = read.filter((r) => r.k === "i");
    // (organization, key) -> latest definition; in 'd' rows definitionId holds the key.
    const latest = new Map(read.filter((r) => r.k === "d").map((r) => [`${r.organizationId}\u0000${r.definitionId}`, { id: r.id, key: r.definitionId, version: r.version }]));
    // A start given by key: the definition the read found (undefined when given by id, or none is deployed).
    const latestFor = (i: BatchItem) => (i.start?.definitionId ? undefined : latest.get(`${i.organizationId}\u0000${i.start?.definitionKey}`));
    const startDefinitionId = (i: BatchItem) => i.start?.definitionId ?? latestFor(i)?.id;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const definitionIds = new Set<string>(rows.map((r) => r.definitionId));
    for (const i of items) {
      const d = i.start && !byId.has(i.instanceId) ? startDefinitionId(i) : undefined;
      if (d) definitionIds.add(d);
    }
    const models = await loadModels(tx, [...definitionIds]);

    const plans = new Map<string, InstancePlan>();
    const ctx = { now: () => now.getTime(), newId, ...executionBudget() };
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
        const definitionId = row?.definitionId ?? (item.start ? startDefinitionId(item) : undefined);
        const model = definitionId ? models.get(definitionId) : undefined;
        if (!definitionId || !model || (!row && item.event.type !== "start")) {
          const reason = row ? "definition not found" : item.start?.definitionKey && !definitionId ? `no process with key ${item.start.definitionKey} is deployed` : "instance not found";
          outcomes.set(item.eventId, { status: "not_found", reason });
          continue;
        }
        plan = emptyPlan({ instanceId: item.instanceId, organizationId: item.organizationId, definitionId, mode: row ? "update" : "insert", expectedVersion: row?.version ?? 0, state: row?.state as InstanceState });
        if (row) {
          // until an event applies, the variables are what they were: an instance whose only events
          // are ignored (a stale timer) keeps its variables column and its index rows
          plan.previousVariables = (row.state as InstanceState).scopes?.[(row.state as InstanceState).rootScopeId]?.vars ?? {};
          plan.variables = plan.previousVariables;
        }
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
        const outboxBefore = plan.outbox.length;
        planEffects(plan, res.effects, res.state, item, now);
        if (item.requestId) for (let k = outboxBefore; k < plan.outbox.length; k++) plan.outbox[k]!.payload.requestId = item.requestId;
        const d = item.event.type === "start" && plan.mode === "insert" ? latestFor(item) : undefined;
        outcomes.set(item.eventId, d ? { status: "applied", definition: d } : { status: "applied" });
      } catch (err) {
        const reason = err instanceof EngineError ? err.message : `engine error: ${(err as Error).message}`;
        outcomes.set(item.eventId, { status: "failed", reason });
      }
    }

    const ready = [...plans.values()].filter((p) => p.eventIds.length > 0 && p.state);
    let won: InstancePlan[] = [];
    const heads: ChainHeads = new Map();
    const statements: string[] = [];
    const onlyStarts = ready.length > 0 && ready.every((p) => p.mode === "insert" && !p.subscriptions.length);
    if (onlyStarts) {
      // Only new instances (a burst of starts): nothing to lose an optimistic lock on, and no chain
      // heads to read, so everything goes in one round trip with the COMMIT. A duplicate id fails
      // the whole transaction: its events then come back as conflicts (below) and are retried.
      inTx = true;
      won = ready;
      statements.push("BEGIN", instanceInsertSql(ready), ...writesSql(won, heads, now));
    } else if (ready.length) {
      inTx = true;
      const res = (await client.query(`BEGIN; ${instanceWriteSql(ready)}`)) as unknown as pg.QueryResult<{ id: string; seq: number | null; hash: string | null }>[];
      for (const r of res[1].rows) heads.set(r.id, { seq: r.seq ?? 0, hash: r.hash });
      won = ready.filter((p) => heads.has(p.instanceId));
      for (const p of ready) if (!heads.has(p.instanceId)) for (const id of p.eventIds) outcomes.set(id, { status: "conflict" });
      statements.push(...writesSql(won, heads, now));
    }
    for (const p of won) for (const id of p.eventIds) {
      const o = outcomes.get(id);
      if (o) {
        o.instanceStatus = p.status;
        o.instance = { hasIncident: p.hasIncident, startedAt: new Date(p.state.startedAt), endedAt: p.endedAt };
      }
    }
    const extra = won.some((p) => p.subscriptions.length) ? await deliverBufferedMessages(tx, won, now) : [];
    // Settled events release their outbox rows; a conflicted one keeps its row until it lands.
    const settled = items.filter((i) => i.outboxId && outcomes.get(i.eventId)?.status !== "conflict").map((i) => i.outboxId as string);
    if (settled.length) statements.push(`DELETE FROM "OutboxJob" WHERE id = ANY(${textArrayLiteral(settled)})`);
    if (inTx) statements.push("COMMIT");
    try {
      if (statements.length) await client.query(statements.join(";\n"));
    } catch (err) {
      if (!onlyStarts || (err as { code?: string }).code !== "23505") throw err;
      // Another process inserted one of these instances (or applied its start) first. As with a
      // lost optimistic lock, the events go back to the batcher; the next read finds the row.
      await client.query("ROLLBACK");
      inTx = false;
      for (const p of ready) for (const id of p.eventIds) outcomes.set(id, { status: "conflict" });
      return { outcomes, outbox: [], wakeJobTypes: [], plans: [] };
    }
    inTx = false;
    return {
      outcomes,
      outbox: [...won.flatMap((p) => p.outbox), ...extra],
      wakeJobTypes: [...new Set(won.flatMap((p) => p.wakeJobTypes))],
      plans: won,
    };
  } catch (err) {
    if (inTx) await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
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

function executionBudget(): { executionBudget?: number } {
  const budget = env().BATON_EXECUTION_BUDGET;
  return budget === undefined ? {} : { executionBudget: budget };
}
