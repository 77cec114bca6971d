// The SQL that writes the plans of a batch: one statement per table for the whole batch (rows
// travel as one jsonb literal), so a commit carries many transitions. Instances are written
// first under their optimistic lock; only the winners' rows follow (apply-batch.ts sends them).
import crypto from "node:crypto";
import { variableIndexChanges } from "./variable-index";
import { hashEvent } from "../audit/append";
import { jsonLiteral, textArrayLiteral } from "../db/sql";
import type { InstancePlan } from "./types";

const NONE = `SELECT NULL::text AS id WHERE false`;

/** Inserts new instances; a duplicate id fails the statement (see apply-batch's all-starts path). */
export function instanceInsertSql(inserts: InstancePlan[]): string {
  return `INSERT INTO "ProcessInstance" (id, "organizationId", "definitionId", "businessKey", status, state, variables, version, "hasIncident", "parentInstanceId", "parentTokenId", "startedById", "startedAt", "endedAt")
       SELECT x.id, x.org, x.def, x.bk, x.status::"InstanceStatus", x.state, x.vars, 1, x.inc, x.parent, x.ptoken, x.by, x.at, x.ended
       FROM jsonb_to_recordset(${jsonLiteral(inserts.map((p) => ({ id: p.instanceId, org: p.organizationId, def: p.definitionId, bk: p.businessKey ?? null, status: p.status, state: p.state, vars: p.variables, inc: p.hasIncident, parent: p.parentInstanceId ?? null, ptoken: p.parentTokenId ?? null, by: p.startedById ?? null, at: new Date(p.state.startedAt), ended: p.endedAt })))})
         AS x(id text, org text, def text, bk text, status text, state jsonb, vars jsonb, inc boolean, parent text, ptoken text, by text, at timestamp(3), ended timestamp(3))`;
}

/**
 * One statement that writes every instance of the batch — inserts, and updates each under its
 * optimistic lock — and returns the winners with their audit chain heads. The heads are read
 * after the write: a winner holds its row lock until commit, and every append to an instance's
 * chain goes through that row (version bump), so nobody can append in between.
 */
export function instanceWriteSql(plans: InstancePlan[]): string {
  const inserts = plans.filter((p) => p.mode === "insert");
  const updates = plans.filter((p) => p.mode === "update");
  const ins = inserts.length ? `${instanceInsertSql(inserts)} ON CONFLICT (id) DO NOTHING RETURNING id` : NONE;
  // The id list lets the planner use the primary key instead of scanning the table.
  const upd = updates.length
    ? `UPDATE "ProcessInstance" AS i SET state = x.state, variables = x.vars, version = i.version + 1, status = x.status::"InstanceStatus", "hasIncident" = x.inc, "endedAt" = x.ended
       FROM jsonb_to_recordset(${jsonLiteral(updates.map((p) => ({ id: p.instanceId, v: p.expectedVersion, state: p.state, vars: p.variables, status: p.status, inc: p.hasIncident, ended: p.endedAt })))})
         AS x(id text, v int, state jsonb, vars jsonb, status text, inc boolean, ended timestamp(3))
       WHERE i.id = ANY(${textArrayLiteral(updates.map((p) => p.instanceId))}) AND i.id = x.id AND i.version = x.v RETURNING i.id`
    : NONE;
  // One index lookup per chain (the (chainId, seq) unique index, read backwards): the cost does
  // not grow with an instance's history.
  return `WITH ins AS (${ins}), upd AS (${upd})
    SELECT w.id, h.seq, h.hash FROM (SELECT id FROM ins UNION ALL SELECT id FROM upd) AS w
    LEFT JOIN LATERAL (SELECT seq, hash FROM "AuditEvent" WHERE "chainId" = w.id ORDER BY seq DESC LIMIT 1) AS h ON true`;
}

export type ChainHeads = Map<string, { seq: number; hash: string | null }>;

function auditRows(plans: InstancePlan[], heads: ChainHeads, now: Date) {
  const out = [];
  for (const p of plans) {
    let seq = heads.get(p.instanceId)?.seq ?? 0;
    let prevHash = heads.get(p.instanceId)?.hash ?? null;
    for (const a of p.audit) {
      seq += 1;
      const row = { id: crypto.randomUUID(), chainId: p.instanceId, seq, organizationId: p.organizationId, type: a.type, actorId: a.actorId, instanceId: p.instanceId, elementId: a.elementId, payload: a.payload, createdAt: now, prevHash };
      const hash = hashEvent(row);
      out.push({ ...row, hash });
      prevHash = hash;
    }
  }
  return out;
}

/** The statements that write everything of the winning plans but the instance rows, in order. */
export function writesSql(won: InstancePlan[], heads: ChainHeads, now: Date): string[] {
  const out: string[] = [];
  if (!won.length) return out;
  // Each statement reads its rows from one jsonb literal in place of `$1::jsonb`.
  const exec = (sql: string, rows: unknown[]) => {
    if (rows.length) out.push(sql.replace("$1::jsonb", () => jsonLiteral(rows)));
  };

  const each = <T>(f: (p: InstancePlan) => T[]) => won.flatMap(f);
  const org = (p: InstancePlan) => ({ org: p.organizationId, inst: p.instanceId });

  exec(`INSERT INTO "AppliedEvent" (id, "instanceId", "appliedAt") SELECT x.id, x.inst, now() FROM jsonb_to_recordset($1::jsonb) AS x(id text, inst text)`,
    each((p) => p.eventIds.map((id) => ({ id, inst: p.instanceId }))));
  exec(
    `INSERT INTO "Task" (id, "organizationId", "instanceId", "elementId", "tokenId", name, status, "assigneeId", "candidateUsers", "candidateGroups", "excludedUsers", priority, "dueAt", "followUpAt", "formKey", variables, "createdAt")
     SELECT x.id, x.org, x.inst, x.el, x.tok, x.name, 'OPEN', x.asg, ARRAY(SELECT jsonb_array_elements_text(x.cu)), ARRAY(SELECT jsonb_array_elements_text(x.cg)), ARRAY(SELECT jsonb_array_elements_text(x.ex)), x.pri, x.due, x.fu, x.form, x.vars, now()
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, org text, inst text, el text, tok text, name text, asg text, cu jsonb, cg jsonb, ex jsonb, pri int, due timestamp(3), fu timestamp(3), form text, vars jsonb)`,
    each((p) => p.tasks.map((t) => ({ ...org(p), id: t.id, el: t.elementId, tok: t.tokenId, name: t.name, asg: t.assigneeId, cu: t.candidateUsers, cg: t.candidateGroups, ex: t.excludedUsers, pri: t.priority, due: t.dueAt, fu: t.followUpAt, form: t.formKey, vars: t.variables }))));
  exec(`UPDATE "Task" t SET status = 'COMPLETED', "completedById" = x.by, "completedAt" = now(), outcome = x.outcome FROM jsonb_to_recordset($1::jsonb) AS x(id text, by text, outcome text) WHERE t.id = x.id AND t.status = 'OPEN'`,
    each((p) => p.taskCompletions.map((c) => ({ id: c.id, by: c.completedById, outcome: c.outcome }))));
  exec(`UPDATE "Task" t SET status = 'CANCELED' FROM jsonb_to_recordset($1::jsonb) AS x(id text) WHERE t.id = x.id AND t.status = 'OPEN'`, each((p) => p.taskCancels.map((id) => ({ id }))));
  exec(
    `INSERT INTO "Timer" (id, "organizationId", "instanceId", "definitionId", kind, "elementId", "tokenId", "dueAt", payload, "createdAt")
     SELECT x.id, x.org, x.inst, x.def, 'ELEMENT', x.el, x.tok, x.due, x.payload, now() FROM jsonb_to_recordset($1::jsonb) AS x(id text, org text, inst text, def text, el text, tok text, due timestamp(3), payload jsonb)`,
    each((p) => p.timers.map((t) => ({ ...org(p), def: p.definitionId, id: t.id, el: t.elementId, tok: t.tokenId, due: t.dueAt, payload: t.payload }))));
  exec(`UPDATE "Timer" t SET "canceledAt" = now() FROM jsonb_to_recordset($1::jsonb) AS x(id text) WHERE t.id = x.id AND t."firedAt" IS NULL AND t."canceledAt" IS NULL`, each((p) => p.timerCancels.map((id) => ({ id }))));
  exec(`UPDATE "Timer" t SET "firedAt" = now() FROM jsonb_to_recordset($1::jsonb) AS x(id text) WHERE t.id = x.id AND t."firedAt" IS NULL`, each((p) => p.timerFired.map((id) => ({ id }))));
  exec(
    `INSERT INTO "Job" (id, "organizationId", "instanceId", "elementId", "tokenId", kind, type, state, retries, "retryBackoffMs", call, variables, "availableAt", "createdAt")
     SELECT x.id, x.org, x.inst, x.el, x.tok, x.kind, x.type, 'ACTIVATABLE', x.retries, x.backoff, x.call, x.vars, now(), now() FROM jsonb_to_recordset($1::jsonb) AS x(id text, org text, inst text, el text, tok text, kind text, type text, retries int, backoff int, call jsonb, vars jsonb)`,
    each((p) => p.jobs.map((b) => ({ ...org(p), id: b.id, el: b.elementId, tok: b.tokenId, kind: b.kind, type: b.type, retries: b.retries, backoff: b.retryBackoffMs, call: b.call, vars: b.variables }))));
  exec(`UPDATE "Job" b SET state = 'CANCELED', "lockOwner" = NULL, "lockExpiresAt" = NULL FROM jsonb_to_recordset($1::jsonb) AS x(id text) WHERE b.id = x.id AND b.state IN ('ACTIVATABLE', 'ACTIVATED', 'FAILED')`, each((p) => p.jobCancels.map((id) => ({ id }))));
  exec(`UPDATE "Job" b SET state = x.state::"JobState", "completedAt" = now(), "lockOwner" = NULL, "lockExpiresAt" = NULL, "errorMessage" = COALESCE(x.err, b."errorMessage") FROM jsonb_to_recordset($1::jsonb) AS x(id text, state text, err text) WHERE b.id = x.id`, each((p) => p.jobDone.map((d) => ({ id: d.id, state: d.state, err: d.errorMessage ?? null }))));
  exec(
    `INSERT INTO "MessageSubscription" (id, "organizationId", "instanceId", "elementId", "messageName", "correlationKey", "createdAt")
     SELECT x.id, x.org, x.inst, x.el, x.name, x.key, now() FROM jsonb_to_recordset($1::jsonb) AS x(id text, org text, inst text, el text, name text, key text) ON CONFLICT (id) DO NOTHING`,
    each((p) => p.subscriptions.map((s) => ({ ...org(p), id: s.id, el: s.elementId, name: s.messageName, key: s.correlationKey }))));
  exec(`DELETE FROM "MessageSubscription" s USING jsonb_to_recordset($1::jsonb) AS x(id text) WHERE s.id = x.id`, each((p) => p.subscriptionDeletes.map((id) => ({ id }))));
  exec(
    `INSERT INTO "Incident" (id, "organizationId", "instanceId", "elementId", "tokenId", type, message, details, status, "createdAt")
     SELECT x.id, x.org, x.inst, x.el, x.tok, x.type, x.msg, x.details, 'OPEN', now() FROM jsonb_to_recordset($1::jsonb) AS x(id text, org text, inst text, el text, tok text, type text, msg text, details jsonb) ON CONFLICT (id) DO NOTHING`,
    each((p) => p.incidents.map((i) => ({ ...org(p), id: i.id, el: i.elementId, tok: i.tokenId, type: i.type, msg: i.message, details: i.details }))));
  exec(`UPDATE "Incident" i SET status = 'RESOLVED', "resolvedAt" = now() FROM jsonb_to_recordset($1::jsonb) AS x(id text) WHERE i.id = x.id AND i.status = 'OPEN'`, each((p) => p.incidentResolves.map((id) => ({ id }))));
  const index = won.map((p) => ({ p, c: variableIndexChanges(p.previousVariables, p.variables) }));
  exec(
    `INSERT INTO "VariableIndex" ("instanceId", name, "organizationId", type, "stringValue", "numberValue", "boolValue")
     SELECT x.inst, x.name, x.org, x.type, x.s, x.n, x.b FROM jsonb_to_recordset($1::jsonb) AS x(inst text, name text, org text, type text, s text, n double precision, b boolean)
     ON CONFLICT ("instanceId", name) DO UPDATE SET type = EXCLUDED.type, "stringValue" = EXCLUDED."stringValue", "numberValue" = EXCLUDED."numberValue", "boolValue" = EXCLUDED."boolValue"`,
    index.flatMap(({ p, c }) => c.upserts.map((u) => ({ ...org(p), name: u.name, type: u.v.type, s: u.v.s, n: u.v.n, b: u.v.b }))));
  exec(`DELETE FROM "VariableIndex" v USING jsonb_to_recordset($1::jsonb) AS x(inst text, name text) WHERE v."instanceId" = x.inst AND v.name = x.name`,
    index.flatMap(({ p, c }) => c.deletes.map((name) => ({ inst: p.instanceId, name }))));
  exec(
    `INSERT INTO "AuditEvent" (id, "organizationId", "chainId", seq, "instanceId", type, "actorId", "elementId", payload, "createdAt", "prevHash", hash)
     SELECT x.id, x."organizationId", x."chainId", x.seq, x."instanceId", x.type, x."actorId", x."elementId", x.payload, x."createdAt", x."prevHash", x.hash
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, "organizationId" text, "chainId" text, seq int, "instanceId" text, type text, "actorId" text, "elementId" text, payload jsonb, "createdAt" timestamp(3), "prevHash" text, hash text)`,
    auditRows(won, heads, now));
  exec(
    `INSERT INTO "OutboxJob" (id, "organizationId", queue, name, payload, "availableAt", "createdAt")
     SELECT x.id, x.org, x.queue, x.name, x.payload, x.avail, now() FROM jsonb_to_recordset($1::jsonb) AS x(id text, org text, queue text, name text, payload jsonb, avail timestamp(3)) ON CONFLICT (id) DO NOTHING`,
    each((p) => p.outbox.map((o) => ({ id: o.id, org: o.organizationId, queue: o.queue, name: o.name, payload: o.payload, avail: o.availableAt }))));
  return out;
}
