import { defineRoute } from "@/server/http/define-route";

export const dynamic = "force-dynamic";

// Who am I: the identity, organization, roles and groups behind this session or token.
export const GET = defineRoute({
  handler: async ({ actor }) => ({
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    organizationId: actor.organizationId,
    roles: actor.roles,
    groups: actor.groups,
    via: actor.via,
  }),
});
