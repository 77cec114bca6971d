import { unlockJob, ZUnlockJobRequest } from "@/server/commands/jobs/unlock-job";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  body: ZUnlockJobRequest.omit({ jobId: true }),
  handler: ({ actor, params, body }) => unlockJob(actor, { ...body, jobId: params.id }),
});
