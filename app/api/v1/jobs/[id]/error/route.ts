import { throwJobError } from "@/server/commands/jobs/throw-job-error";
import { ZThrowJobErrorRequest } from "@/server/commands/jobs/throw-job-error.types";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  body: ZThrowJobErrorRequest.omit({ jobId: true }),
  handler: ({ actor, params, body }) => throwJobError(actor, { ...body, jobId: params.id }),
});
