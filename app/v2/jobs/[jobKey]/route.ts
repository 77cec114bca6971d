import { updateCamundaJob } from "@/server/compat/camunda8/jobs";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZJobKeyParams, ZUpdateJobBody } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";

export const PATCH = defineCamundaRoute({
  params: ZJobKeyParams,
  body: ZUpdateJobBody,
  status: 204,
  handler: ({ actor, params, body }) => updateCamundaJob(actor, params.jobKey, body),
});

// POST /v2/jobs/search lands here: answer it (unimplemented) as a Problem Detail, not a bare 405.
export { notFoundRoute as POST } from "@/server/compat/camunda8/route";
