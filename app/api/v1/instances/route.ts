import { startInstance } from "@/server/commands/instances/start-instance";
import { ZStartInstanceRequest } from "@/server/commands/instances/start-instance.types";
import { defineRoute } from "@/server/http/define-route";
import { withIdempotency } from "@/server/http/idempotency";
import { searchInstances, ZSearchInstancesQuery } from "@/server/queries/instances/search-instances";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  query: ZSearchInstancesQuery,
  handler: ({ actor, query }) => searchInstances(actor, query),
});

// Start; an `Idempotency-Key` header makes retries safe (same key + body = the first answer).
export const POST = defineRoute({
  body: ZStartInstanceRequest,
  handler: ({ actor, body, request }) =>
    withIdempotency(actor, request, body, async () => ({ status: 201, body: await startInstance(actor, body) })),
});
