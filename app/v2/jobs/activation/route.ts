import { activateCamundaJobs } from "@/server/compat/camunda8/jobs";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZActivateJobsBody } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";
// A long poll holds the request up to 60 s.
export const maxDuration = 75;

export const POST = defineCamundaRoute({
  body: ZActivateJobsBody,
  handler: ({ actor, body, request }) => activateCamundaJobs(actor, body, request.signal),
});
