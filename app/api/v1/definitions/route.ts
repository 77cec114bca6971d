import { deployDefinition } from "@/server/commands/definitions/deploy-definition";
import { defineRoute } from "@/server/http/define-route";
import { readBpmnBody } from "@/server/http/read-bpmn-body";
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

// Deploy: raw XML, a multipart `file`, or JSON `{ xml }`. 201 when a new version was created.
export const POST = defineRoute({
  rawBody: true,
  handler: async ({ actor, request }) => {
    const result = await deployDefinition(actor, await readBpmnBody(request));
    return Response.json(result, { status: result.definitions.some((d) => d.isNew) ? 201 : 200 });
  },
});
