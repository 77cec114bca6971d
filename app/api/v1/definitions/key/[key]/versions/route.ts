import { defineRoute } from "@/server/http/define-route";
import { ZKeyParams } from "@/server/http/route-params";
import { listDefinitionVersions } from "@/server/queries/definitions/list-definition-versions";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  params: ZKeyParams,
  handler: ({ actor, params }) => listDefinitionVersions(actor, params.key),
});
