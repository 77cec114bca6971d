import { failJob } from "@/server/commands/jobs/fail-job";
import { ZFailJobRequest } from "@/server/commands/jobs/fail-job.types";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  body: ZFailJobRequest.omit({ jobId: true }),
  handler: ({ actor, params, body }) => failJob(actor, { ...body, jobId: params.id }),
});
