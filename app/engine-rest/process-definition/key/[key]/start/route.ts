import { startProcess, ZStartProcess } from "@/server/compat/camunda7/process-instances";
import { c7Route } from "@/server/compat/camunda7/route";

export const dynamic = "force-dynamic";

export const POST = c7Route({
  body: ZStartProcess,
  style: { NOT_FOUND: [404, "RestException"] },
  handler: ({ actor, params, body, request }) => startProcess(actor, request, { key: params.key }, body),
});
