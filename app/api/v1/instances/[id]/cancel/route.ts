import { cancelInstance } from "@/server/commands/instances/cancel-instance";
import { ZCancelInstanceRequest } from "@/server/commands/instances/cancel-instance.types";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  body: ZCancelInstanceRequest.omit({ instanceId: true }),
  handler: ({ actor, params, body }) => cancelInstance(actor, { ...body, instanceId: params.id }),
});
