import { can } from "@/server/authz/assert-can";
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
  return (
    <>
      <PageHeader title="Processes" description="Deployed process models, latest version first." />
      {defs.length === 0 ? (
        <EmptyState title="No processes deployed yet">
          {canDeploy ? (
            <>Deploy a BPMN 2.0 model made in Camunda Modeler or any BPMN tool: <code className="rounded bg-slate-100 px-1">npx baton deploy model.bpmn</code>.</>
          ) : (
            <>Ask a process designer to deploy a model; it will be listed here for you to start.</>
          )}
        </EmptyState>
      ) : (
        <Table head={["Process", "Key", "Version", "Instances", "Deployed"]} label="Processes">
          {defs.map((d) => (
            <tr key={d.key}>
              <Td className="font-medium text-slate-900">{d.name}</Td>
              <Td><code className="text-xs">{d.key}</code></Td>
              <Td>v{d.version}{d.versions > 1 ? ` (${d.versions} versions)` : ""}</Td>
              <Td>{d.instances}</Td>
              <Td>{formatDateTime(d.deployedAt)}</Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
