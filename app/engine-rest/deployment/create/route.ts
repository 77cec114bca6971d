import { createDeployment } from "@/server/compat/camunda7/deployments";
import { c7Route } from "@/server/compat/camunda7/route";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  handler: ({ actor, request }) => createDeployment(actor, request),
});
