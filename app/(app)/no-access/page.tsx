import { EmptyState } from "@/components/ui/empty-state";
import { requirePage } from "@/server/auth/guard";

export default async function NoAccess() {
  await requirePage("/no-access");
  return <EmptyState title="Your account has no roles yet">Ask an administrator to give you a role (for example, add you to a group of approvers).</EmptyState>;
}
