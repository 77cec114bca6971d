import { listSecrets } from "@/server/commands/secrets/manage-secrets";
import { defineRoute } from "@/server/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute({ handler: ({ actor }) => listSecrets(actor) });
