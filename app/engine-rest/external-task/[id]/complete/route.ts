import { completeExternalTask, externalTaskErrors, ZComplete } from "@/server/compat/camunda7/external-tasks";
import { c7Route, noContent } from "@/server/compat/camunda7/route";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  body: ZComplete,
  style: externalTaskErrors,
  handler: async ({ actor, params, body }) => (await completeExternalTask(actor, params.id, body), noContent()),
});
