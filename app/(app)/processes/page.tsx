import Link from "next/link";
import { can } from "@/server/authz/assert-can";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td } from "@/components/ui/table";
import { requirePage } from "@/server/auth/guard";
import { listDefinitions } from "@/server/queries/definitions/list-definitions";

export const metadata = { title: "Processes" };

export default async function ProcessesPage() {
  const actor = await requirePage("/processes", "definition.read");
  const defs = await listDefinitions(actor);
  const canDeploy = can(actor, "definition.deploy");
  const canStart = can(actor, "instance.start");
  const href = (key: string) => `/processes/${encodeURIComponent(key)}`;
  const startLabel = (name: string) => `Start ${name}`;
  return (
    <>
      <PageHeader
        title="Processes"
        description={canStart ? "Pick a process to start a request; its page shows the steps it goes through." : "Deployed process models, latest version first."}
      />
      {defs.length === 0 ? (
        <EmptyState title="No processes deployed yet">
          {canDeploy ? (
            <>Deploy a BPMN 2.0 model made in Camunda Modeler or any BPMN tool: <code className="rounded bg-slate-100 px-1">npx baton deploy model.bpmn</code>.</>
          ) : (
            <>Ask a process designer to deploy a model; it will be listed here for you to start.</>
          )}
        </EmptyState>
      ) : (
        <>
          {/* Phones get cards: a table would be cut off at 390 px. */}
          <ul className="flex flex-col gap-3 sm:hidden" aria-label="Processes">
            {defs.map((d) => (
              <li key={d.key} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                <Link href={href(d.key)} className="font-medium text-slate-900 hover:underline">{d.name}</Link>
                <p className="mt-1 text-xs text-slate-500">
                  v{d.version} · {d.instances} {d.instances === 1 ? "request" : "requests"} · deployed {formatDateTime(d.deployedAt)}
                </p>
                {canStart ? (
                  <Link href={href(d.key)} className={buttonClass("primary", "mt-3 w-full")} aria-label={startLabel(d.name)}>Start</Link>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="hidden sm:block">
            <Table head={["Process", "Key", "Version", "Instances", "Deployed", ...(canStart ? ["Start"] : [])]} label="Processes">
              {defs.map((d) => (
                <tr key={d.key}>
                  <Td className="font-medium text-slate-900">
                    <Link href={href(d.key)} className="hover:underline">{d.name}</Link>
                  </Td>
                  <Td><code className="text-xs">{d.key}</code></Td>
                  <Td>v{d.version}{d.versions > 1 ? ` (${d.versions} versions)` : ""}</Td>
                  <Td>{d.instances}</Td>
                  <Td>{formatDateTime(d.deployedAt)}</Td>
                  {canStart ? (
                    <Td className="text-right">
                      <Link href={href(d.key)} className={buttonClass("primary", "px-3 py-1.5")} aria-label={startLabel(d.name)}>Start</Link>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </Table>
          </div>
        </>
      )}
    </>
  );
}
