import { issueCamundaToken } from "@/server/compat/camunda8/oauth-token";

export const dynamic = "force-dynamic";

// Not part of Camunda's API: Baton's token URL for the clients' OAUTH strategy (public by nature).
export const POST = (request: Request) => issueCamundaToken(request);
