import { bpmnErrorExternalTask, externalTaskErrors, ZBpmnError } from "@/server/compat/camunda7/external-tasks";
import { c7Route, noContent } from "@/server/compat/camunda7/route";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  body: ZBpmnError,
  style: externalTaskErrors,
  handler: async ({ actor, params, body }) => (await bpmnErrorExternalTask(actor, params.id, body), noContent()),
});
