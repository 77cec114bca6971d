import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZSearchUserTasksBody } from "@/server/compat/camunda8/schemas";
import { searchCamundaUserTasks } from "@/server/compat/camunda8/user-tasks";

export const dynamic = "force-dynamic";

export const POST = defineCamundaRoute({
  body: ZSearchUserTasksBody,
  handler: ({ actor, body }) => searchCamundaUserTasks(actor, body),
});
