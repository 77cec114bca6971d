import { defineRoute } from "@/server/http/define-route";
import { listDefinitions } from "@/server/queries/definitions/list-definitions";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  handler: async ({ actor }) => {
    const defs = await listDefinitions(actor);
    return {
      items: defs.map((d) => ({ id: d.id, key: d.key, name: d.name, version: d.version, versions: d.versions, deployedAt: d.deployedAt.toISOString() })),
    };
  },
});
