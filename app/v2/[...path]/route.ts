import { notFoundRoute } from "@/server/compat/camunda8/route";

export const dynamic = "force-dynamic";

// Unknown /v2 paths answer a Problem Detail (after authentication), never an HTML page.
export { notFoundRoute as GET, notFoundRoute as POST, notFoundRoute as PUT, notFoundRoute as PATCH, notFoundRoute as DELETE };
