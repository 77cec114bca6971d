import Link from "next/link";
import { notFound } from "next/navigation";
import { BpmnViewer } from "@/components/bpmn/bpmn-viewer";
import { MessageStartPanel } from "@/components/requests/message-start-panel";
import { StartPanel, type StartPanelMode } from "@/components/requests/start-panel";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { startModeFor } from "@/server/actions/start-actions";
import { requirePage } from "@/server/auth/guard";
import { can } from "@/server/authz/assert-can";
import { getProcessPage } from "@/server/queries/definitions/process-page";
import { startRequestAction, triggerMessageStartAction } from "./actions";

type Props = { params: Promise<{ key: string }> };

export async function generateMetadata({ params }: Props) {
  const { key } = await params;
  return { title: `Start · ${decodeURIComponent(key)}` };
}

export default async function ProcessPage({ params }: Props) {
  const key = decodeURIComponent((await params).key);
  const actor = await requirePage(`/processes/${encodeURIComponent(key)}`, "definition.read");
  const page = await getProcessPage(actor, key);
  if (!page) notFound();
  const canStart = can(actor, "instance.start") && page.startable;
  const canMessage = can(actor, "message.correlate") && page.messageStarts.length > 0;
  const mode = canStart ? await startModeFor(actor, page.key) : null;
  const panelMode: StartPanelMode | null = mode ? (mode.kind === "form" ? { kind: "form", schema: mode.form.schema } : mode) : null;

  const startCard = panelMode ? (
    <Card className="p-5">
      <h2 className="mb-4 text-base font-semibold text-slate-900">Start a request</h2>
      <StartPanel processName={page.name} mode={panelMode} action={startRequestAction.bind(null, page.key)} />
    </Card>
  ) : null;
  // The variables editor is a four-column grid: it gets the page's width, not the side column.
  const wideStart = panelMode?.kind === "variables";
  const sideEmpty = wideStart && !canMessage;

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/processes" className="hover:text-slate-800 hover:underline">Processes</Link>
        <span aria-hidden> / </span>
        <span className="text-slate-700">{page.name}</span>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{page.name}</h1>
        <p className="mt-1 text-sm text-slate-500">
          Version {page.version} · <code className="text-xs">{page.key}</code>
        </p>
        {page.description ? <p className="mt-3 max-w-3xl whitespace-pre-line text-sm text-slate-700" data-testid="process-description">{page.description}</p> : null}
      </header>

      {wideStart ? startCard : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        {sideEmpty ? null : <aside className="flex flex-col gap-6 lg:col-start-3 lg:row-start-1" aria-label="Start">
          {panelMode && !wideStart ? (
            startCard
          ) : panelMode ? null : (
            <Card className="p-5">
              <h2 className="text-base font-semibold text-slate-900">Start a request</h2>
              <p className="mt-2 text-sm text-slate-600">
                {!page.startable
                  ? "This process starts on its own — from a message or a timer — not by hand."
                  : "Your roles do not include starting processes. Ask an administrator if you need to."}
              </p>
            </Card>
          )}
          {canMessage ? (
            <Card className="p-5">
              <h2 className="text-base font-semibold text-slate-900">Start by message</h2>
              <p className="mb-4 mt-1 text-sm text-slate-600">Publish one of the messages this process starts on, as a connected system would.</p>
              <MessageStartPanel messages={page.messageStarts} action={triggerMessageStartAction.bind(null, page.key)} />
            </Card>
          ) : null}
        </aside>}

        <div className={`flex min-w-0 flex-col gap-6 ${sideEmpty ? "lg:col-span-3" : "lg:col-span-2 lg:col-start-1 lg:row-start-1"}`}>
          <section aria-labelledby="diagram-heading">
            <h2 id="diagram-heading" className="mb-2 text-base font-semibold text-slate-900">Diagram</h2>
            <BpmnViewer xml={page.xml} ariaLabel={`Diagram of ${page.name}, version ${page.version}`} className="h-72 sm:h-96" />
          </section>
          <section aria-labelledby="versions-heading">
            <h2 id="versions-heading" className="mb-2 text-base font-semibold text-slate-900">Versions</h2>
            <Card>
              <ul className="divide-y divide-slate-100" data-testid="versions">
                {page.versions.map((v) => (
                  <li key={v.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm">
                    <span className="font-medium text-slate-900">
                      Version {v.version}
                      {v.version === page.version ? <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">latest</span> : null}
                    </span>
                    <span className="text-slate-600">
                      {v.deployedBy ? `${v.deployedBy}, ` : "Deployed "}
                      {formatDateTime(v.deployedAt)} · {v.instances} {v.instances === 1 ? "request" : "requests"}
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
          </section>
        </div>
      </div>
    </div>
  );
}
