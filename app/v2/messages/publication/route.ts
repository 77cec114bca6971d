import { publishCamundaMessage } from "@/server/compat/camunda8/messages";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZPublishMessageBody } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";

export const POST = defineCamundaRoute({
  body: ZPublishMessageBody,
  handler: ({ actor, body }) => publishCamundaMessage(actor, body),
});
