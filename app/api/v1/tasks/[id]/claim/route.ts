import { claimTask } from "@/server/commands/tasks/claim-task";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  handler: ({ actor, params }) => claimTask(actor, { taskId: params.id }),
});
