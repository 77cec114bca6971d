// Prometheus metrics (prom-client). Counters and histograms are per process (a web process or a
// worker), updated where the work happens; gauges that describe the whole system (open incidents,
// active instances, overdue timers, queue depths) are read from PostgreSQL and Redis at scrape
// time, so any process answers them the same. Served by app/metrics (web) and worker/metrics-server.
import client from "prom-client";

type Sources = {
  /** Counts read at scrape time (one round trip); absent in processes without a database. */
  counts?: () => Promise<{ incidentsOpen: number; instancesActive: number; timersOverdue: number; jobsActivatable: number }>;
  /** BullMQ job counts per queue and state. */
  queues?: () => Promise<Record<string, Record<string, number>>>;
};

export interface Metrics {
  registry: client.Registry;
  instancesStarted: client.Counter;
  instancesEnded: client.Counter<"status">;
  transitions: client.Counter;
  incidentsRaised: client.Counter<"type">;
  elementDuration: client.Histogram<"element_type">;
  jobActivationLatency: client.Histogram;
  timerLateness: client.Histogram;
  httpDuration: client.Histogram<"method" | "route" | "status">;
  signInFailures: client.Counter<"method">;
  sources: Sources;
}

const holder = globalThis as unknown as { __batonMetrics?: Metrics };

export function metrics(): Metrics {
  if (holder.__batonMetrics) return holder.__batonMetrics;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "baton_" });
  const sources: Sources = {};
  const seconds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  const long = [1, 10, 60, 300, 900, 3600, 4 * 3600, 86_400, 3 * 86_400, 7 * 86_400];
  const m: Metrics = {
    registry,
    sources,
    instancesStarted: new client.Counter({ name: "baton_instances_started_total", help: "Process instances started", registers: [registry] }),
    instancesEnded: new client.Counter({ name: "baton_instances_ended_total", help: "Process instances ended, by status (COMPLETED, TERMINATED, CANCELED)", labelNames: ["status"], registers: [registry] }),
    transitions: new client.Counter({ name: "baton_transitions_total", help: "Element transitions written (activated, completed, taken, terminated…)", registers: [registry] }),
    incidentsRaised: new client.Counter({ name: "baton_incidents_raised_total", help: "Incidents raised, by type", labelNames: ["type"], registers: [registry] }),
    elementDuration: new client.Histogram({ name: "baton_element_duration_seconds", help: "Time from creation to completion of user tasks and jobs, by element type", labelNames: ["element_type"], buckets: long, registers: [registry] }),
    jobActivationLatency: new client.Histogram({ name: "baton_job_activation_latency_seconds", help: "External job created -> activated by a worker", buckets: seconds, registers: [registry] }),
    timerLateness: new client.Histogram({ name: "baton_timer_lateness_seconds", help: "Timer fired after its due time", buckets: seconds, registers: [registry] }),
    httpDuration: new client.Histogram({ name: "baton_http_request_duration_seconds", help: "REST request duration by method, route (ids replaced by :id) and status", labelNames: ["method", "route", "status"], buckets: seconds, registers: [registry] }),
    signInFailures: new client.Counter({ name: "baton_sign_in_failures_total", help: "Failed sign-ins, by method", labelNames: ["method"], registers: [registry] }),
  };
  type Counts = Awaited<ReturnType<NonNullable<Sources["counts"]>>>;
  // one query answers the four gauges of a scrape (they collect concurrently)
  let pending: Promise<Counts> | null = null;
  const shared = () => (pending ??= sources.counts!().finally(() => setTimeout(() => (pending = null), 0)));
  const withShared = (name: string, help: string, pick: (c: Counts) => number) =>
    new client.Gauge({
      name, help, registers: [registry],
      async collect() {
        if (!sources.counts) return;
        this.set(pick(await shared()));
      },
    });
  withShared("baton_incidents_open", "Open incidents", (c) => c.incidentsOpen);
  withShared("baton_instances_active", "Active process instances", (c) => c.instancesActive);
  withShared("baton_timers_overdue", "Timers due more than 5 s ago and not fired (should stay 0)", (c) => c.timersOverdue);
  withShared("baton_jobs_activatable", "External jobs waiting for a worker", (c) => c.jobsActivatable);
  new client.Gauge({
    name: "baton_queue_jobs", help: "BullMQ jobs by queue and state", labelNames: ["queue", "state"], registers: [registry],
    async collect() {
      if (!sources.queues) return;
      this.reset();
      for (const [queue, byState] of Object.entries(await sources.queues())) {
        for (const [state, n] of Object.entries(byState)) this.set({ queue, state }, n);
      }
    },
  });
  holder.__batonMetrics = m;
  return m;
}

/** REST paths to a bounded set of labels: ids (uuids, numbers, long tokens) become `:id`. */
export function routeLabel(pathname: string): string {
  return pathname
    .split("/")
    .map((seg) => (/^[0-9a-f-]{16,}$/i.test(seg) || /^\d+$/.test(seg) || seg.length > 40 || /[^A-Za-z0-9._-]/.test(seg) ? ":id" : seg))
    .join("/")
    .slice(0, 120);
}

interface PlanLike {
  mode: "insert" | "update";
  status: string;
  audit: { type: string }[];
  incidents: { type: string }[];
}

/** What a committed batch did, counted once by the process that committed it. */
export function countPlans(plans: readonly PlanLike[]): void {
  const m = metrics();
  for (const p of plans) {
    if (p.mode === "insert") m.instancesStarted.inc();
    if (p.status !== "ACTIVE") m.instancesEnded.inc({ status: p.status });
    let transitions = 0;
    for (const a of p.audit) if (a.type === "element.transition") transitions++;
    if (transitions) m.transitions.inc(transitions);
    for (const i of p.incidents) m.incidentsRaised.inc({ type: i.type });
  }
}
