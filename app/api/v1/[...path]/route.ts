import { defineRoute } from "@/server/http/define-route";
import { BatonError } from "@/server/errors";

export const dynamic = "force-dynamic";

// Unknown /api/v1 paths answer JSON (after authentication), never an HTML page.
const notFound = defineRoute({
  handler: async ({ request }) => {
    throw new BatonError("NOT_FOUND", `No API endpoint ${request.method} ${new URL(request.url).pathname}. See /api/v1/openapi.json.`);
  },
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
