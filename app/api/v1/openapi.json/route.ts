import { defineRoute } from "@/server/http/define-route";
import { openApiDocument } from "@/server/http/openapi";

export const dynamic = "force-dynamic";

// Public: the API's description reveals no data.
export const GET = defineRoute({
  public: true,
  handler: async () => openApiDocument(),
});
