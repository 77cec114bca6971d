import { completeJob } from "@/server/commands/jobs/complete-job";
import { ZCompleteJobRequest } from "@/server/commands/jobs/complete-job.types";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  body: ZCompleteJobRequest.omit({ jobId: true }),
  handler: ({ actor, params, body }) => completeJob(actor, { ...body, jobId: params.id }),
});
