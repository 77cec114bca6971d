import { correlateCamundaMessage } from "@/server/compat/camunda8/messages";
import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { ZCorrelateMessageBody } from "@/server/compat/camunda8/schemas";

export const dynamic = "force-dynamic";

export const POST = defineCamundaRoute({
  body: ZCorrelateMessageBody,
  handler: ({ actor, body }) => correlateCamundaMessage(actor, body),
});
