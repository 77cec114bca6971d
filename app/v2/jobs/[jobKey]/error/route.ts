import { throwCamundaJobError } from "@/server/compat/camunda8/jobs";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZJobKeyParams, ZThrowJobErrorBody } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";

export const POST = defineCamundaRoute({
  params: ZJobKeyParams,
  body: ZThrowJobErrorBody,
  status: 204,
  handler: ({ actor, params, body }) => throwCamundaJobError(actor, params.jobKey, body),
});
