import { failCamundaJob } from "@/server/compat/camunda8/jobs";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZFailJobBody, ZJobKeyParams } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";

export const POST = defineCamundaRoute({
  params: ZJobKeyParams,
  body: ZFailJobBody,
  status: 204,
  handler: ({ actor, params, body }) => failCamundaJob(actor, params.jobKey, body),
});
