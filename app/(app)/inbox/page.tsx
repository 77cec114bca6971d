import { Badge } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { relativeDue } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td } from "@/components/ui/table";
import { requirePage } from "@/server/auth/guard";
import { listInbox } from "@/server/queries/inbox/list-inbox";
import Link from "next/link";

export const metadata = { title: "Inbox" };

export default async function InboxPage() {
  const actor = await requirePage("/inbox", "task.list");
  const tasks = await listInbox(actor);
  const groups = actor.groups.length ? actor.groups.join(", ") : null;
  return (
    <>
      <PageHeader title="Inbox" description={`Tasks assigned to you${groups ? ` or offered to ${groups}` : ""}, most urgent first.`} />
      {tasks.length === 0 ? (
        <EmptyState title="Nothing waiting for you" action={<Link className="text-sm font-medium text-brand-700 hover:underline" href="/processes">Start a process →</Link>}>
          When a process reaches a task for you{groups ? ` or for ${groups}` : ""}, it appears here with its deadline.
        </EmptyState>
      ) : (
        <Table head={["Task", "Process", "Offered to", "Due", "Priority"]} label="Tasks">
          {tasks.map((t) => {
            const due = relativeDue(t.dueAt);
            return (
              <tr key={t.id}>
                <Td className="font-medium text-slate-900">{t.name}</Td>
                <Td>{t.instance.definition.name}{t.instance.businessKey ? ` · ${t.instance.businessKey}` : ""}</Td>
                <Td>{t.assigneeId ? "You" : t.candidateGroups.join(", ") || "—"}</Td>
                <Td><Badge tone={due.overdue ? "red" : "slate"}>{due.text}</Badge></Td>
                <Td>{t.priority}</Td>
              </tr>
            );
          })}
        </Table>
      )}
    </>
  );
}
