import { completeTask } from "@/server/commands/tasks/complete-task";
import { ZCompleteTaskRequest } from "@/server/commands/tasks/task.types";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  body: ZCompleteTaskRequest.omit({ taskId: true }),
  handler: ({ actor, params, body }) => completeTask(actor, { ...body, taskId: params.id }),
});
