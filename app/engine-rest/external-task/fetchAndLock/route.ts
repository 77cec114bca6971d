import { fetchAndLock, ZFetchAndLock } from "@/server/compat/camunda7/external-tasks";
import { c7Route } from "@/server/compat/camunda7/route";

export const dynamic = "force-dynamic";
// A long poll holds the request up to 60 s.
export const maxDuration = 75;

export const POST = c7Route({
  body: ZFetchAndLock,
  handler: ({ actor, body, request }) => fetchAndLock(actor, body, request.signal),
});
