import Link from "next/link";
import { InboxFilters } from "@/components/inbox/inbox-filters";
import { InboxKeyboard } from "@/components/inbox/inbox-keyboard";
import { InboxTabs } from "@/components/inbox/inbox-tabs";
import { RequestList } from "@/components/inbox/request-list";
import { TaskList } from "@/components/inbox/task-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/server/auth/guard";
import { isBatonError } from "@/server/errors";
import { COUNT_CAP, countInboxViews } from "@/server/queries/inbox/count-inbox-views";
import { isManager, parseInboxParams, type InboxView, type TInboxFilters, type TInboxParams } from "@/server/queries/inbox/inbox-query";
import { inboxProcesses, listInboxPage } from "@/server/queries/inbox/list-inbox-page";
import { listMyRequests } from "@/server/queries/requests/list-my-requests";
import { parseVariableFilters } from "@/server/queries/variables/variable-filter";
import { claimTaskAction } from "../tasks/[id]/actions";

export const metadata = { title: "Inbox" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const LABELS: Record<InboxView, string> = {
  assigned: "Assigned to me",
  offered: "Offered to my groups",
  requests: "My requests",
  done: "Done by me",
  all: "All open",
};

function href(view: InboxView, p: Partial<TInboxParams>, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ view });
  if (view !== "requests") {
    for (const k of ["q", "process", "pmin", "pmax", "vars", "sort"] as const) if (p[k] !== undefined && p[k] !== "") q.set(k, String(p[k]));
    if (p.overdue) q.set("overdue", "1");
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `/inbox?${q}`;
}

/** A cursor from an old link or typed by hand: show the first page and say so, never a 500. */
async function orFirstPage<T>(cursor: string | undefined, load: (cursor: string | undefined) => Promise<T>, problems: string[]): Promise<T> {
  try {
    return await load(cursor);
  } catch (e) {
    if (!cursor || !isBatonError(e) || e.code !== "VALIDATION") throw e;
    problems.push("That page link has expired; showing the first page.");
    return load(undefined);
  }
}

export default async function InboxPage({ searchParams }: Props) {
  const actor = await requirePage("/inbox", "task.list");
  const { params, problems } = parseInboxParams(await searchParams);
  const manager = isManager(actor);
  const vars = parseVariableFilters(params.vars);
  problems.push(...vars.problems);
  const filters: TInboxFilters = { q: params.q, process: params.process, pmin: params.pmin, pmax: params.pmax, overdue: params.overdue, ...(vars.filters.length ? { vars: vars.filters } : {}) };
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== false);
  const [counts, processes] = await Promise.all([countInboxViews(actor, filters), inboxProcesses(actor)]);
  let view: InboxView = params.view ?? ((counts.assigned ?? 0) > 0 ? "assigned" : "offered");
  if (view === "all" && !manager) {
    problems.push("“All open” is for operators and admins; showing your own tasks.");
    view = "assigned";
  }
  const views: InboxView[] = manager ? ["assigned", "offered", "requests", "done", "all"] : ["assigned", "offered", "requests", "done"];
  const now = new Date();
  const groups = actor.groups.length ? actor.groups.join(", ") : null;

  const requests = view === "requests" ? await orFirstPage(params.cursor, (cursor) => listMyRequests(actor, { cursor, limit: 25 }), problems) : null;
  const tasks = view !== "requests" ? await orFirstPage(params.cursor, (cursor) => listInboxPage(actor, { view: view as Exclude<InboxView, "requests">, sort: params.sort, filters, cursor, now }), problems) : null;
  const rows = requests?.items.length ?? tasks?.items.length ?? 0;
  const nextCursor = requests?.nextCursor ?? tasks?.nextCursor ?? null;
  const sorts = [
    { value: "", label: view === "done" ? "Recently completed" : "Due date" },
    ...(view === "done" ? [{ value: "due", label: "Due date" }] : []),
    { value: "priority", label: "Priority" },
    ...(view === "done" ? [] : [{ value: "created", label: "Newest first" }]),
  ];

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Inbox"
        description={`Your tasks and requests${groups ? `, and work offered to ${groups}` : ""}.`}
        actions={<Link href="/processes" className="inline-flex items-center rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">Start a request</Link>}
      />
      <InboxTabs tabs={views.map((v) => ({ view: v, label: LABELS[v], count: counts[v], href: href(v, params) }))} current={view} cap={COUNT_CAP} />
      {problems.length ? (
        <ul role="status" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          {problems.map((p) => <li key={p}>{p}</li>)}
        </ul>
      ) : null}
      {view !== "requests" ? (
        <InboxFilters
          values={{ view, q: params.q, process: params.process, pmin: params.pmin, pmax: params.pmax, overdue: params.overdue, vars: params.vars, sort: params.sort ?? "" }}
          processes={processes}
          sorts={sorts}
          active={filtered || !!params.sort}
        />
      ) : null}
      {rows > 0 ? <InboxKeyboard claim={claimTaskAction} /> : null}

      {requests ? (
        rows === 0 ? (
          <EmptyState title="You have not started any requests" action={<Link className="text-sm font-medium text-brand-700 hover:underline" href="/processes">Start a request →</Link>}>
            Expenses, leave, purchases: start one from Processes and follow it here, step by step, until it is decided.
          </EmptyState>
        ) : (
          <RequestList rows={requests.items} />
        )
      ) : rows === 0 ? (
        <Empty view={view} filtered={filtered} groups={groups} />
      ) : (
        <TaskList rows={tasks!.items} meId={actor.userId} done={view === "done"} now={now} />
      )}

      {params.cursor || nextCursor ? (
        <nav aria-label="Pages" className="flex items-center justify-between gap-3 text-sm">
          {params.cursor ? <Link href={href(view, params)} className="font-medium text-brand-700 hover:underline">← First page</Link> : <span />}
          {nextCursor ? <Link href={href(view, params, { cursor: nextCursor })} className="font-medium text-brand-700 hover:underline" rel="next">Next page →</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}

function Empty({ view, filtered, groups }: { view: InboxView; filtered: boolean; groups: string | null }) {
  const link = (to: string, text: string) => <Link className="text-sm font-medium text-brand-700 hover:underline" href={to}>{text}</Link>;
  if (filtered) {
    return <EmptyState title="No tasks match these filters" action={link(`/inbox?view=${view}`, "Clear the filters →")}>Try a shorter search, another process, or a wider priority range.</EmptyState>;
  }
  switch (view) {
    case "assigned":
      return (
        <EmptyState title="Nothing assigned to you" action={link("/inbox?view=offered", "See tasks offered to your groups →")}>
          Tasks you claim, or that are given to you, appear here with their deadlines.
        </EmptyState>
      );
    case "offered":
      return groups ? (
        <EmptyState title="Nothing waiting for your groups" action={link("/inbox?view=requests", "Follow your own requests →")}>
          When a process reaches a task for you or for {groups}, it appears here for anyone of you to claim.
        </EmptyState>
      ) : (
        <EmptyState title="No tasks are offered to you" action={link("/processes", "Start a request →")}>
          You are in no group yet, so tasks reach you only when assigned to you by name. An administrator can add you to a group.
        </EmptyState>
      );
    case "done":
      return (
        <EmptyState title="You have not completed any tasks yet" action={link("/inbox?view=offered", "Find work offered to you →")}>
          Tasks you complete are kept here with your decision.
        </EmptyState>
      );
    default:
      return (
        <EmptyState title="No open tasks in your organization" action={link("/instances", "See running instances →")}>
          Every human task of every running process appears here while it is open.
        </EmptyState>
      );
  }
}
