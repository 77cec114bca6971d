import { revokeToken } from "@/server/commands/tokens/revoke-token";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const DELETE = defineRoute({
  params: ZIdParams,
  handler: ({ actor, params }) => revokeToken(actor, { tokenId: params.id }),
});
