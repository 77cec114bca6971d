import { c7Route } from "@/server/compat/camunda7/route";
import { complete, taskErrors, ZCompleteTask } from "@/server/compat/camunda7/tasks";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  body: ZCompleteTask,
  style: taskErrors,
  handler: ({ actor, params, body }) => complete(actor, params.id, body),
});
