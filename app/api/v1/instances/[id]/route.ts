import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";
import { getInstance } from "@/server/queries/instances/get-instance";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  params: ZIdParams,
  handler: ({ actor, params }) => getInstance(actor, params.id),
});
