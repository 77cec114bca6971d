import { delegateTask } from "@/server/commands/tasks/delegate-task";
import { ZDelegateTaskRequest } from "@/server/commands/tasks/task.types";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  body: ZDelegateTaskRequest.omit({ taskId: true }),
  handler: ({ actor, params, body }) => delegateTask(actor, { ...body, taskId: params.id }),
});
