import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";
import { getTask } from "@/server/queries/tasks/get-task";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  params: ZIdParams,
  handler: ({ actor, params }) => getTask(actor, params.id),
});
