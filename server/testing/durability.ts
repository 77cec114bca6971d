// Shared by the fault tests (durability.test.ts, pg-restart.test.ts): start N instances of the
// fork-timer-service fixture, wait for all of them, and prove every transition, timer and job
// happened exactly once, with each instance's audit chain intact.
import crypto from "node:crypto";
import { expect } from "vitest";
import { step, type CompiledModel, type Effect, type InstanceState } from "../../engine";
import { hashEvent } from "../audit/append";
import { startInstance } from "../commands/instances/start-instance";
import type { Stub } from "./stub-server";
import { waitFor, type TestRuntime } from "./runtime";

/** Transition facts of one instance, run in memory by the pure engine: the audit must match. */
export function expectedTransitions(model: CompiledModel): number {
  const ctx = { now: () => 0, newId: () => crypto.randomUUID() };
  let r = step(model, null, { type: "start", variables: { n: 1, stubUrl: "x" } }, ctx);
  let count = r.effects.filter((e) => e.type === "transition").length;
  const find = <T extends Effect["type"]>(t: T) => r.effects.find((e) => e.type === t) as Extract<Effect, { type: T }>;
  const timerId = find("scheduleTimer").timerId;
  const jobId = find("callService").jobId;
  let state: InstanceState = r.state;
  r = step(model, state, { type: "serviceCompleted", jobId, result: {} }, ctx);
  count += r.effects.filter((e) => e.type === "transition").length;
  state = r.state;
  r = step(model, state, { type: "timerFired", timerId }, ctx);
  count += r.effects.filter((e) => e.type === "transition").length;
  expect(r.state.status).toBe("completed");
  return count;
}

export async function startMany(rt: TestRuntime, stub: Stub, N: number): Promise<string[]> {
  const ids: string[] = [];
  const deps = { db: rt.db, queues: rt.queues };
  for (let i = 0; i < N; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, N - i) }, (_, k) => startInstance(rt.actors.admin, { key: "fork-timer-service", variables: { n: i + k, stubUrl: stub.url } }, deps)),
    );
    ids.push(...batch.map((b) => b.id));
  }
  return ids;
}

export const completedCount = (rt: TestRuntime) => rt.db.processInstance.count({ where: { status: "COMPLETED" } });

/** What is left when instances do not complete: enough to tell a stuck outbox from a lost job. */
export async function describeStuck(rt: TestRuntime): Promise<string> {
  const q = <T,>(sql: string) => rt.db.$queryRawUnsafe<T[]>(sql);
  const parts = {
    instances: await q(`SELECT status, count(*)::int AS n FROM "ProcessInstance" GROUP BY status`),
    jobs: await q(`SELECT state, count(*)::int AS n FROM "Job" GROUP BY state`),
    incidents: await q(`SELECT count(*)::int AS n FROM "Incident"`),
    timersUnfired: await q(`SELECT count(*)::int AS n, min("dueAt") AS "oldestDue" FROM "Timer" WHERE "firedAt" IS NULL`),
    outbox: await q(`SELECT queue, name, count(*)::int AS n, min("createdAt") AS oldest, max(attempts) AS attempts FROM "OutboxJob" GROUP BY queue, name`),
    sample: await q(`SELECT i.id, i.status, i.version, i.state->'tokens' AS tokens,
        (SELECT json_agg(json_build_object('id', j.id, 'state', j.state, 'retries', j.retries, 'attempts', j.attempts, 'lockExpiresAt', j."lockExpiresAt", 'availableAt', j."availableAt")) FROM "Job" j WHERE j."instanceId" = i.id) AS jobs,
        (SELECT json_agg(json_build_object('id', t.id, 'due', t."dueAt", 'fired', t."firedAt")) FROM "Timer" t WHERE t."instanceId" = i.id) AS timers
      FROM "ProcessInstance" i WHERE i.status <> 'COMPLETED' LIMIT 3`),
  };
  return JSON.stringify(parts, null, 1);
}

export async function waitAllCompleted(rt: TestRuntime, N: number, timeoutMs = 150_000) {
  try {
    await waitFor(async () => (await completedCount(rt)) === N, timeoutMs, `all ${N} instances to complete`);
  } catch (err) {
    console.error(`[durability] not all instances completed:\n${await describeStuck(rt).catch((e) => String(e))}`);
    throw err;
  }
}

export async function assertExactlyOnce(rt: TestRuntime, perInstance: number, N: number) {
  const transitions = await rt.db.auditEvent.count({ where: { type: "element.transition" } });
  expect(transitions).toBe(perInstance * N);
  const perChain = await rt.db.$queryRawUnsafe<{ n: number; c: number }[]>(
    `SELECT count(*)::int AS n, c FROM (SELECT "chainId", count(*)::int AS c FROM "AuditEvent" WHERE type = 'element.transition' GROUP BY "chainId") x GROUP BY c`,
  );
  expect(perChain).toEqual([{ n: N, c: perInstance }]);
  const dupes = await rt.db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "AuditEvent" WHERE type = 'element.transition'
     GROUP BY "chainId", "elementId", payload->>'transition', payload->>'tokenId', payload->>'elementType' HAVING count(*) > 1) d`,
  );
  expect(dupes[0].n).toBe(0);
  expect(await rt.db.auditEvent.count({ where: { type: "timer.fired" } })).toBe(N);
  expect(await rt.db.auditEvent.count({ where: { type: "job.completed" } })).toBe(N);
  expect(await rt.db.timer.count({ where: { firedAt: null } })).toBe(0);
  expect(await rt.db.job.count({ where: { state: { not: "COMPLETED" } } })).toBe(0);
  expect(await rt.db.outboxJob.count()).toBe(0);
}

export async function timerLatenessMs(rt: TestRuntime): Promise<{ p50: number; max: number }> {
  const rows = await rt.db.$queryRawUnsafe<{ p50: number; max: number }[]>(
    `SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::float AS p50, max(ms)::float AS max
     FROM (SELECT EXTRACT(EPOCH FROM ("firedAt" - "dueAt")) * 1000 AS ms FROM "Timer") x`,
  );
  return rows[0];
}


/** Every audit chain recomputed: seq 1..n without gaps, each prevHash the hash before, each hash its content's. */
export async function assertChainsIntact(rt: TestRuntime): Promise<number> {
  const rows = await rt.db.auditEvent.findMany({ orderBy: [{ chainId: "asc" }, { seq: "asc" }] });
  let chain = "";
  let seq = 0;
  let prev: string | null = null;
  for (const r of rows) {
    if (r.chainId !== chain) {
      chain = r.chainId;
      seq = 0;
      prev = null;
    }
    seq += 1;
    expect(r.seq, `chain ${chain}`).toBe(seq);
    expect(r.prevHash, `chain ${chain} seq ${seq}`).toBe(prev);
    const { id, chainId, organizationId, type, actorId, instanceId, elementId, payload, createdAt, prevHash } = r;
    expect(hashEvent({ id, chainId, seq: r.seq, organizationId, type, actorId, instanceId, elementId, payload, createdAt, prevHash }), `chain ${chain} seq ${seq}`).toBe(r.hash);
    prev = r.hash;
  }
  return rows.length;
}
