import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZCompleteUserTaskBody, ZUserTaskKeyParams } from "@/server/compat/camunda8/schemas";
import { completeCamundaUserTask } from "@/server/compat/camunda8/user-tasks";

export const dynamic = "force-dynamic";

export const POST = defineCamundaRoute({
  params: ZUserTaskKeyParams,
  body: ZCompleteUserTaskBody,
  status: 204,
  handler: ({ actor, params, body }) => completeCamundaUserTask(actor, params.userTaskKey, body),
});
