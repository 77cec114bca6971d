import { createCamundaDeployment } from "@/server/compat/camunda8/deployments";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";

export const dynamic = "force-dynamic";

// Multipart `resources` (BPMN files): the handler reads the form itself.
export const POST = defineCamundaRoute({
  handler: ({ actor, request }) => createCamundaDeployment(actor, request),
});
