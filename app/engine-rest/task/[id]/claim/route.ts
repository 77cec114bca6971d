import { c7Route, noContent } from "@/server/compat/camunda7/route";
import { claim, taskErrors, ZClaim } from "@/server/compat/camunda7/tasks";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  body: ZClaim,
  style: taskErrors,
  handler: async ({ actor, params, body }) => (await claim(actor, params.id, body), noContent()),
});
