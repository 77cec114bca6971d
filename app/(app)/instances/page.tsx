import { Badge } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td } from "@/components/ui/table";
import { requirePage } from "@/server/auth/guard";
import { listInstances } from "@/server/queries/instances/list-instances";

export const metadata = { title: "Instances" };

const TONE = { ACTIVE: "blue", COMPLETED: "green", CANCELED: "slate", TERMINATED: "amber" } as const;

export default async function InstancesPage() {
  const actor = await requirePage("/instances", "instance.read");
  const rows = await listInstances(actor);
  return (
    <>
      <PageHeader title="Instances" description="Running and finished process instances, newest first." />
      {rows.length === 0 ? (
        <EmptyState title="No instances yet">
          Instances appear here once someone starts a process (from Processes, the REST API or <code className="rounded bg-slate-100 px-1">npx baton start KEY</code>).
        </EmptyState>
      ) : (
        <Table head={["Process", "Business key", "Status", "Started", "Ended"]} label="Instances">
          {rows.map((r) => (
            <tr key={r.id}>
              <Td className="font-medium text-slate-900">{r.definition.name} <span className="text-slate-400">v{r.definition.version}</span></Td>
              <Td>{r.businessKey ?? "—"}</Td>
              <Td>
                <Badge tone={TONE[r.status]}>{r.status.toLowerCase()}</Badge> {r.hasIncident ? <Badge tone="red">incident</Badge> : null}
              </Td>
              <Td>{formatDateTime(r.startedAt)}</Td>
              <Td>{formatDateTime(r.endedAt)}</Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
