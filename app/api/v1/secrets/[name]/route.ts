import { putSecret, removeSecret } from "@/server/commands/secrets/manage-secrets";
import { ZSecretNameParams, ZSetSecretRequest } from "@/server/commands/secrets/secrets.types";
import { defineRoute } from "@/server/http/define-route";

export const dynamic = "force-dynamic";

// Values go in, never out: GET /secrets lists names only.
export const PUT = defineRoute({ params: ZSecretNameParams, body: ZSetSecretRequest, handler: ({ actor, params, body }) => putSecret(actor, params.name, body) });
export const DELETE = defineRoute({ params: ZSecretNameParams, handler: ({ actor, params }) => removeSecret(actor, params.name) });
