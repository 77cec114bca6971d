import { createCamundaInstance } from "@/server/compat/camunda8/process-instances";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZCreateInstanceBody } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";
// awaitCompletion holds the request up to its requestTimeout (at most 5 min).
export const maxDuration = 310;

export const POST = defineCamundaRoute({
  body: ZCreateInstanceBody,
  handler: ({ actor, body, request }) => createCamundaInstance(actor, body, request.signal),
});
