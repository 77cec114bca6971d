import { defineCamundaRoute } from "@/server/compat/camunda8/route";
import { camundaTopology } from "@/server/compat/camunda8/topology";

export const dynamic = "force-dynamic";

export const GET = defineCamundaRoute({ handler: async ({ request }) => camundaTopology(request) });
