// Server-Sent Events for the signed-in person: "something you can see changed" (task and
// instance ids only). The page re-fetches what it shows; see server/live/*. Browser-only, so it is
// not part of the /api/v1 OpenAPI document.
import { liveStream } from "@/server/live/live-stream";
import { defineRoute } from "@/server/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  handler: async ({ actor, request }) => liveStream(actor, request.signal),
});
