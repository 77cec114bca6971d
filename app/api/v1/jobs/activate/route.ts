import { activateJobs } from "@/server/commands/jobs/activate-jobs";
import { ZActivateJobsRequest } from "@/server/commands/jobs/activate-jobs.types";
import { defineRoute } from "@/server/http/define-route";

export const dynamic = "force-dynamic";
// A long poll holds the request up to 60 s.
export const maxDuration = 75;

export const POST = defineRoute({
  body: ZActivateJobsRequest,
  handler: ({ actor, body, request }) => activateJobs(actor, body, { signal: request.signal }),
});
