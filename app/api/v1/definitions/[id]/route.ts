import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";
import { getDefinition } from "@/server/queries/definitions/get-definition";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  params: ZIdParams,
  handler: ({ actor, params }) => getDefinition(actor, params.id),
});
