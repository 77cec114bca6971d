import { c7Route, noContent } from "@/server/compat/camunda7/route";
import { taskErrors, unclaim } from "@/server/compat/camunda7/tasks";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  style: taskErrors,
  handler: async ({ actor, params }) => (await unclaim(actor, params.id), noContent()),
});
