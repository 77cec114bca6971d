import { correlate, ZCorrelate } from "@/server/compat/camunda7/messages";
import { c7Route } from "@/server/compat/camunda7/route";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  body: ZCorrelate,
  handler: ({ actor, body, request }) => correlate(actor, request, body),
});
