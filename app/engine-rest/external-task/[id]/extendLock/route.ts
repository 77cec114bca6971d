import { extendLock, externalTaskErrors, ZExtendLock } from "@/server/compat/camunda7/external-tasks";
import { c7Route, noContent } from "@/server/compat/camunda7/route";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  body: ZExtendLock,
  style: externalTaskErrors,
  handler: async ({ actor, params, body }) => (await extendLock(actor, params.id, body), noContent()),
});
