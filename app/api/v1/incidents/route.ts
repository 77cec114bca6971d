import { defineRoute } from "@/server/http/define-route";
import { listIncidents, ZListIncidentsQuery } from "@/server/queries/incidents/list-incidents";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  query: ZListIncidentsQuery,
  handler: ({ actor, query }) => listIncidents(actor, query),
});
