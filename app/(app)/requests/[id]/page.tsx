import Link from "next/link";
import { notFound } from "next/navigation";
import { BpmnViewer } from "@/components/bpmn/bpmn-viewer";
import { RequestDetails, RequestStatusBadge, WhereItIs } from "@/components/requests/request-parts";
import { Timeline, relativeTime } from "@/components/timeline/timeline";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { requirePage } from "@/server/auth/guard";
import { can } from "@/server/authz/assert-can";
import { getRequest } from "@/server/queries/requests/get-request";

type Props = { params: Promise<{ id: string }> };

export const metadata = { title: "Request" };

export default async function RequestPage({ params }: Props) {
  const { id } = await params;
  // No action check here: who may see a request is decided inside the query (visibleRequests);
  // anyone else, and another organization, gets the same 404 as an unknown id.
  const actor = await requirePage(`/requests/${encodeURIComponent(id)}`);
  const r = await getRequest(actor, id);
  if (!r) notFound();
  const now = new Date();
  const title = r.businessKey ? `${r.process.name} · ${r.businessKey}` : r.process.name;

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        {can(actor, "definition.read") ? (
          <Link href={`/processes/${encodeURIComponent(r.process.key)}`} className="hover:text-slate-800 hover:underline">{r.process.name}</Link>
        ) : (
          <span>{r.process.name}</span>
        )}
        <span aria-hidden> / </span>
        <span className="text-slate-700">Request</span>
      </nav>
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
          <RequestStatusBadge status={r.status} />
        </div>
        <p className="text-sm text-slate-600">
          Started by <span className="font-medium text-slate-800">{r.startedBy?.name ?? "Baton"}</span>{" "}
          <time dateTime={r.startedAt} title={formatDateTime(r.startedAt)}>{relativeTime(r.startedAt, now)}</time>
          <span className="text-slate-500"> · {formatDateTime(r.startedAt)} · version {r.process.version}</span>
        </p>
      </header>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          <section aria-labelledby="now-heading">
            <Card className="p-5">
              <h2 id="now-heading" className="mb-3 text-base font-semibold text-slate-900">Where it is now</h2>
              <WhereItIs status={r.status} steps={r.waitingOn} waits={r.systemWaits} incidents={r.incidents} openable={r.openableTaskIds} endedAt={r.endedAt} now={now} />
            </Card>
          </section>
          <section aria-labelledby="diagram-heading">
            <h2 id="diagram-heading" className="mb-2 text-base font-semibold text-slate-900">Diagram</h2>
            <BpmnViewer
              xml={r.diagram.xml}
              active={r.diagram.active}
              completed={r.diagram.completed}
              incidents={r.diagram.incidents}
              ariaLabel={`Diagram of ${r.process.name} with this request's progress`}
              className="h-72 sm:h-96"
            />
          </section>
          <section aria-labelledby="details-heading">
            <Card className="p-5">
              <h2 id="details-heading" className="mb-3 text-base font-semibold text-slate-900">Details</h2>
              <RequestDetails variables={r.variables} />
            </Card>
          </section>
        </div>
        <section aria-labelledby="timeline-heading" className="min-w-0">
          <Card className="p-5">
            <h2 id="timeline-heading" className="mb-4 text-base font-semibold text-slate-900">Timeline</h2>
            <Timeline entries={r.timeline} now={now} label={`Timeline of ${title}`} />
          </Card>
        </section>
      </div>
    </div>
  );
}
