import { c7Route } from "@/server/compat/camunda7/route";
import { queryTasks } from "@/server/compat/camunda7/tasks";

export const dynamic = "force-dynamic";

export const GET = c7Route({
  handler: ({ actor, request }) => queryTasks(actor, request),
});
