import { completeCamundaJob } from "@/server/compat/camunda8/jobs";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZCompleteJobBody, ZJobKeyParams } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";

export const POST = defineCamundaRoute({
  params: ZJobKeyParams,
  body: ZCompleteJobBody,
  status: 204,
  handler: ({ actor, params, body }) => completeCamundaJob(actor, params.jobKey, body),
});
