import { setVariables } from "@/server/commands/instances/set-variables";
import { ZSetVariablesRequest } from "@/server/commands/instances/set-variables.types";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const PUT = defineRoute({
  params: ZIdParams,
  body: ZSetVariablesRequest.omit({ instanceId: true }),
  handler: ({ actor, params, body }) => setVariables(actor, { ...body, instanceId: params.id }),
});
