import { getCamundaInstance } from "@/server/compat/camunda8/process-instances";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZInstanceKeyParams } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";

export const GET = defineCamundaRoute({
  params: ZInstanceKeyParams,
  handler: ({ actor, params }) => getCamundaInstance(actor, params.processInstanceKey),
});

// POST /v2/process-instances/search lands here: answer it (unimplemented) as a Problem Detail, not a bare 405.
export { notFoundRoute as POST } from "@/server/compat/camunda8/route";
