import { externalTaskErrors, unlockExternalTask } from "@/server/compat/camunda7/external-tasks";
import { c7Route, noContent } from "@/server/compat/camunda7/route";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  style: externalTaskErrors,
  handler: async ({ actor, params }) => (await unlockExternalTask(actor, params.id), noContent()),
});
