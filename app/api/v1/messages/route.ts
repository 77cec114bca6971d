import { correlateMessage } from "@/server/commands/messages/correlate-message";
import { ZCorrelateMessageRequest } from "@/server/commands/messages/correlate-message.types";
import { defineRoute } from "@/server/http/define-route";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  body: ZCorrelateMessageRequest,
  handler: ({ actor, body }) => correlateMessage(actor, body),
});
