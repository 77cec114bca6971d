// The inbox at scale: 1 M tasks (100 k open, one per active instance, 900 k done) and 100 k active
// instances with a typed variable index, written in bulk by the database itself (INSERT … SELECT
// over generate_series: set-based, not row by row). Then, for a user in 2 of 20 groups:
// the "Offered to my groups" first page, the same page filtered on process variables
// (amount > 5000 and department = "R&D"), the view counts — through the same query functions the
// inbox page calls — and the live update: task completed -> the next task reaches a group member's
// Server-Sent Events listener (Redis pub/sub, resolved against PostgreSQL, filtered per user).
import type { Scenario } from "../harness/types";
import { BENCH_ADMIN, BENCH_ORG, ensureEnvDatabaseUrl, openBaton, openQueues } from "../harness/baton";
import type { Actor } from "../../server/authz/actor";

const GROUPS = 20;
const DEPARTMENTS = ["R&D", "Sales", "Ops", "HR", "Legal"];
const USER = "u_bench_inbox";

const scenario: Scenario = {
  name: "inbox",
  description:
    "1 M tasks / 100 k active instances seeded set-based; a user in 2 of 20 groups: 'Offered to my groups' first page, " +
    "the page filtered on amount > 5000 and department = \"R&D\" (variable index), the view counts, and task completed -> next task in the group member's SSE listener",
  requires: ["postgres", "redis"],
  async run(ctx) {
    const instances = ctx.pick({ tiny: 1_000, quick: 20_000, full: 100_000 });
    const samples = ctx.pick({ tiny: 10, quick: 100, full: 300 });
    const liveSamples = ctx.pick({ tiny: 5, quick: 30, full: 100 });
    ensureEnvDatabaseUrl(ctx);
    const baton = await openBaton(ctx);
    const { env } = await import("../../server/env");
    const q = await openQueues(env().REDIS_URL, env().REDIS_PREFIX);
    const { listInboxPage } = await import("../../server/queries/inbox/list-inbox-page");
    const { countInboxViews } = await import("../../server/queries/inbox/count-inbox-views");
    const { parseVariableFilters } = await import("../../server/queries/variables/variable-filter");
    const { startInstance } = await import("../../server/commands/instances/start-instance");
    const { completeTask } = await import("../../server/commands/tasks/complete-task");
    const { subscribeLive, closeLiveHub } = await import("../../server/live/live-hub");
    try {
      const def = await baton.deploy("inbox.bpmn");
      ctx.log(`inbox: seeding ${instances.toLocaleString("en-US")} instances, ${(instances * 10).toLocaleString("en-US")} tasks`);
      const t0 = Date.now();
      await seed(baton.db, def.id, instances);
      ctx.log(`inbox: seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

      await baton.db.$executeRawUnsafe(`INSERT INTO "User" (id, "organizationId", email, name) VALUES ($1, $2, 'inbox@bench.local', 'Inbox user') ON CONFLICT DO NOTHING`, USER, BENCH_ORG);
      await baton.db.$executeRawUnsafe(`INSERT INTO "Membership" ("organizationId", "userId", role) VALUES ($1, $2, 'user') ON CONFLICT DO NOTHING`, BENCH_ORG, USER);
      const user: Actor = { userId: USER, organizationId: BENCH_ORG, email: "inbox@bench.local", name: "Inbox user", roles: ["user"], groups: ["g1", "g2"], via: "session" };
      const deps = { db: baton.db };
      const { filters: vars, problems } = parseVariableFilters('amount > 5000 and department = "R&D"');
      if (problems.length) throw new Error(problems.join("; "));

      const time = async (fn: () => Promise<unknown>, check: (r: unknown) => void) => {
        const out: number[] = [];
        for (let i = 0; i < 3; i++) check(await fn()); // warm the plan cache and the buffers
        for (let i = 0; i < samples; i++) {
          ctx.signal?.throwIfAborted();
          const s = performance.now();
          check(await fn());
          out.push(performance.now() - s);
        }
        return out;
      };
      const page = (r: unknown) => {
        if ((r as { items: unknown[] }).items.length === 0) throw new Error("the inbox page is empty: the seed did not reach the user");
      };
      ctx.record.latency("baton.inbox.offered.first-page", await time(() => listInboxPage(user, { view: "offered" }, deps), page), { compare: "p95", target: { max: 30 } });
      ctx.record.latency("baton.inbox.offered.filtered-page", await time(() => listInboxPage(user, { view: "offered", filters: { vars } }, deps), page), { compare: "p95", target: { max: 50 } });
      ctx.record.latency("baton.inbox.counts", await time(() => countInboxViews(user, {}, deps), (r) => {
        if (!((r as { offered?: number }).offered! > 0)) throw new Error("no offered tasks counted");
      }), { compare: "p95" });

      // live: a group member listens; completing the first review creates the second, offered to g1
      const seenAt = new Map<string, number>();
      const unsubscribe = subscribeLive(user, (event) => {
        if (event.type !== "change") return;
        const at = performance.now();
        for (const id of event.taskIds) if (!seenAt.has(id)) seenAt.set(id, at);
      }, baton.db);
      await new Promise((r) => setTimeout(r, 200)); // let Redis confirm the subscription
      const live: number[] = [];
      const runDeps = { db: baton.db, queues: q.queues };
      for (let i = 0; i < liveSamples; i++) {
        ctx.signal?.throwIfAborted();
        const inst = await startInstance(baton.admin, { key: "bench_inbox", variables: { group: "g1", amount: i } }, runDeps);
        const first = await baton.db.task.findFirstOrThrow({ where: { instanceId: inst.id, status: "OPEN" }, select: { id: true } });
        const s = performance.now();
        await completeTask(baton.admin, { taskId: first.id, variables: {} }, runDeps);
        const next = await baton.db.task.findFirstOrThrow({ where: { instanceId: inst.id, status: "OPEN" }, select: { id: true } });
        while (!seenAt.has(next.id)) {
          if (performance.now() - s > 5_000) throw new Error("the next task never reached the SSE listener (5 s)");
          await new Promise((r) => setTimeout(r, 1));
        }
        live.push(seenAt.get(next.id)! - s);
      }
      unsubscribe();
      ctx.record.latency("baton.inbox.live-update", live, { compare: "p95", target: { max: 250 } });
    } finally {
      closeLiveHub();
      (await import("../../server/redis")).closeRedis();
      await q.close();
      await baton.close();
    }
  },
};
export default scenario;

/** Set-based seed: instances, their variable index, ten tasks each (the last one open), then ANALYZE. */
async function seed(db: import("../../server/db/client").Db, definitionId: string, n: number): Promise<void> {
  const depts = `ARRAY[${DEPARTMENTS.map((d) => `'${d}'`).join(",")}]`;
  await db.$executeRawUnsafe(
    `INSERT INTO "ProcessInstance" (id, "organizationId", "definitionId", "businessKey", status, state, variables, version, "startedById", "startedAt")
     SELECT 'bi_' || g, $1, $2, 'EXP-' || g, 'ACTIVE', '{}'::jsonb,
            jsonb_build_object('amount', (g * 7919) % 10000, 'department', (${depts})[1 + (g / 20) % 5], 'group', 'g' || (g % ${GROUPS})),
            0, $3, now() - (g % 10000) * interval '1 minute'
     FROM generate_series(1, $4::int) g`,
    BENCH_ORG, definitionId, BENCH_ADMIN, n,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "VariableIndex" ("instanceId", name, "organizationId", type, "stringValue", "numberValue", "boolValue")
     SELECT 'bi_' || g, 'amount', $1, 'number', NULL::text, ((g * 7919) % 10000)::float8, NULL::boolean FROM generate_series(1, $2::int) g
     UNION ALL
     SELECT 'bi_' || g, 'department', $1, 'string', (${depts})[1 + (g / 20) % 5], NULL::float8, NULL::boolean FROM generate_series(1, $2::int) g
     UNION ALL
     SELECT 'bi_' || g, 'group', $1, 'string', 'g' || (g % ${GROUPS}), NULL::float8, NULL::boolean FROM generate_series(1, $2::int) g`,
    BENCH_ORG, n,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Task" (id, "organizationId", "instanceId", "elementId", "tokenId", name, status, "assigneeId", "candidateUsers", "candidateGroups", "excludedUsers",
                         priority, "dueAt", "createdAt", "completedById", "completedAt", outcome)
     SELECT 'bt_' || g || '_' || k, $1, 'bi_' || g, 'first', 'tok_' || g, CASE WHEN k = 10 THEN 'Review' ELSE 'Step ' || k END,
            (CASE WHEN k = 10 THEN 'OPEN' ELSE 'COMPLETED' END)::"TaskStatus", NULL, '{}', ARRAY['g' || (g % ${GROUPS})], '{}',
            (g * 31) % 100, now() + ((g % 720) - 120) * interval '1 hour', now() - (11 - k) * interval '1 hour',
            CASE WHEN k = 10 THEN NULL ELSE $2 END, CASE WHEN k = 10 THEN NULL ELSE now() - (10 - k) * interval '1 hour' END,
            CASE WHEN k = 10 THEN NULL ELSE 'approved' END
     FROM generate_series(1, $3::int) g, generate_series(1, 10) k`,
    BENCH_ORG, BENCH_ADMIN, n,
  );
  await db.$executeRawUnsafe(`ANALYZE "ProcessInstance"`);
  await db.$executeRawUnsafe(`ANALYZE "Task"`);
  await db.$executeRawUnsafe(`ANALYZE "VariableIndex"`);
}
