import { cancelCamundaInstance } from "@/server/compat/camunda8/process-instances";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZCancelInstanceBody, ZInstanceKeyParams } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";

export const POST = defineCamundaRoute({
  params: ZInstanceKeyParams,
  body: ZCancelInstanceBody,
  status: 204,
  handler: ({ actor, params }) => cancelCamundaInstance(actor, params.processInstanceKey),
});
