import { createToken } from "@/server/commands/tokens/create-token";
import { listTokens } from "@/server/commands/tokens/list-tokens";
import { ZCreateTokenRequest } from "@/server/commands/tokens/token.types";
import { defineRoute } from "@/server/http/define-route";

export const dynamic = "force-dynamic";

// The answer carries the secret; it is never shown again.
export const POST = defineRoute({
  body: ZCreateTokenRequest,
  status: 201,
  handler: ({ actor, body }) => createToken(actor, body),
});

export const GET = defineRoute({
  handler: ({ actor }) => listTokens(actor),
});
