import { defineRoute } from "@/server/http/define-route";
import { listTasks, ZListTasksQuery } from "@/server/queries/tasks/list-tasks";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  query: ZListTasksQuery,
  handler: ({ actor, query }) => listTasks(actor, query),
});
