import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZAssignUserTaskBody, ZUserTaskKeyParams } from "@/server/compat/camunda8/schemas";
import { assignCamundaUserTask } from "@/server/compat/camunda8/user-tasks";

export const dynamic = "force-dynamic";

export const POST = defineCamundaRoute({
  params: ZUserTaskKeyParams,
  body: ZAssignUserTaskBody,
  status: 204,
  handler: ({ actor, params, body }) => assignCamundaUserTask(actor, params.userTaskKey, body),
});
