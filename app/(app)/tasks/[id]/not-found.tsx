import { NotFoundPanel } from "@/components/requests/route-states";

export default function TaskNotFound() {
  return (
    <NotFoundPanel title="Task not found" href="/inbox" linkText="Go to your inbox">
      There is no task at this address that you can see. Tasks show to their assignee, to the people and groups they are offered to, and to operators; check the link, or find your work in the inbox.
    </NotFoundPanel>
  );
}
