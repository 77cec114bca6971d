// Where the scrape-time gauges come from: one SQL round trip for the counts, BullMQ for queues.
import { sqlPool, type Db } from "../db/client";
import { sqlOf } from "../db/sql";
import type { Queues } from "../queues/queues";
import { metrics } from "./metrics";

const STATES = ["waiting", "active", "delayed", "failed"] as const;

export function installMetricSources(db: Db, queues?: Queues): void {
  const m = metrics();
  m.sources.counts ??= async () => {
    const [row] = await sqlOf(sqlPool(db)).query<{ incidents: string; active: string; overdue: string; activatable: string }>(
      `SELECT (SELECT count(*) FROM "Incident" WHERE status = 'OPEN') AS incidents,
              (SELECT count(*) FROM "ProcessInstance" WHERE status = 'ACTIVE') AS active,
              (SELECT count(*) FROM "Timer" WHERE "firedAt" IS NULL AND "canceledAt" IS NULL AND "dueAt" < now() - interval '5 seconds') AS overdue,
              (SELECT count(*) FROM "Job" WHERE kind = 'job' AND state = 'ACTIVATABLE') AS activatable`,
    );
    return { incidentsOpen: Number(row?.incidents ?? 0), instancesActive: Number(row?.active ?? 0), timersOverdue: Number(row?.overdue ?? 0), jobsActivatable: Number(row?.activatable ?? 0) };
  };
  if (queues && !m.sources.queues) {
    m.sources.queues = async () => {
      const out: Record<string, Record<string, number>> = {};
      await Promise.all(Object.entries(queues).map(async ([name, q]) => {
        out[name] = await q.getJobCounts(...STATES);
      }));
      return out;
    };
  }
}

/** The text a Prometheus scrape gets, or why it is refused. Token compared in constant time. */
export async function scrape(authorization: string | null, token: string | undefined): Promise<{ status: number; body: string; contentType: string }> {
  const { timingSafeEqual } = await import("node:crypto");
  const json = "application/json";
  if (!token) return { status: 404, contentType: json, body: JSON.stringify({ error: { code: "NOT_FOUND", message: "Metrics are off: set METRICS_TOKEN and scrape with `Authorization: Bearer <token>`.", details: {} } }) };
  const given = Buffer.from(authorization?.toLowerCase().startsWith("bearer ") ? authorization.slice(7).trim() : "");
  const want = Buffer.from(token);
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    return { status: 401, contentType: json, body: JSON.stringify({ error: { code: "UNAUTHENTICATED", message: "Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`.", details: {} } }) };
  }
  const registry = metrics().registry;
  return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
}
