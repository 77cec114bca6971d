import { retryIncident } from "@/server/commands/incidents/retry-incident";
import { ZRetryIncidentRequest } from "@/server/commands/incidents/retry-incident.types";
import { defineRoute } from "@/server/http/define-route";
import { ZIdParams } from "@/server/http/route-params";

export const dynamic = "force-dynamic";

export const POST = defineRoute({
  params: ZIdParams,
  body: ZRetryIncidentRequest.omit({ incidentId: true }),
  handler: ({ actor, params, body }) => retryIncident(actor, { ...body, incidentId: params.id }),
});
