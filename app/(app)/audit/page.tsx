import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td } from "@/components/ui/table";
import { requirePage } from "@/server/auth/guard";
import { listAuditEvents } from "@/server/queries/audit/list-audit-events";

export const metadata = { title: "Audit" };

export default async function AuditPage() {
  const actor = await requirePage("/audit", "audit.read");
  const events = await listAuditEvents(actor);
  return (
    <>
      <PageHeader title="Audit log" description="Every change, chained by hash in the order it happened. Newest first." />
      {events.length === 0 ? (
        <EmptyState title="No audit events yet">Sign-ins, deployments and every process change are recorded here as they happen.</EmptyState>
      ) : (
        <Table head={["When", "Event", "Chain", "Actor", "Hash"]} label="Audit events">
          {events.map((e) => (
            <tr key={e.id}>
              <Td>{formatDateTime(e.createdAt)}</Td>
              <Td className="font-medium text-slate-900">{e.type}</Td>
              <Td><code className="text-xs">{e.chainId} #{e.seq}</code></Td>
              <Td>{e.actorId ?? "system"}</Td>
              <Td><code className="text-xs text-slate-500">{e.hash?.slice(0, 12)}…</code></Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
