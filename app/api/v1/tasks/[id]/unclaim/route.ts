import { unclaimTask } from "@/server/commands/tasks/unclaim-task";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  handler: ({ actor, params }) => unclaimTask(actor, { taskId: params.id }),
});
