import { updateJob } from "@/server/commands/jobs/update-job";
import { ZUpdateJobBody } from "@/server/commands/jobs/update-job.types";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const PATCH = defineRoute({
  params: ZIdParams,
  body: ZUpdateJobBody,
  handler: ({ actor, params, body }) => updateJob(actor, { ...body, jobId: params.id }),
});
