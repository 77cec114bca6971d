import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZUserTaskKeyParams } from "@/server/compat/camunda8/schemas";
import { unassignCamundaUserTask } from "@/server/compat/camunda8/user-tasks";

export const dynamic = "force-dynamic";

export const DELETE = defineCamundaRoute({
  params: ZUserTaskKeyParams,
  status: 204,
  handler: ({ actor, params }) => unassignCamundaUserTask(actor, params.userTaskKey),
});
