import { Badge } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td } from "@/components/ui/table";
import { requirePage } from "@/server/auth/guard";
import { listUsers } from "@/server/queries/admin/list-users";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  const actor = await requirePage("/admin", "admin.users");
  const users = await listUsers(actor);
  return (
    <>
      <PageHeader title="People and roles" description="Who can sign in to this organization, their roles and the groups tasks are offered to." />
      <Table head={["Name", "Email", "Roles", "Groups", "Last sign-in"]} label="Users">
        {users.map((u) => (
          <tr key={u.id}>
            <Td className="font-medium text-slate-900">{u.name} {u.disabled ? <Badge tone="red">disabled</Badge> : null}</Td>
            <Td>{u.email}</Td>
            <Td><span className="flex gap-1">{u.roles.map((r) => <Badge key={r} tone="blue">{r}</Badge>)}</span></Td>
            <Td>{u.groups.join(", ") || "—"}</Td>
            <Td>{formatDateTime(u.lastLoginAt)}</Td>
          </tr>
        ))}
      </Table>
    </>
  );
}
