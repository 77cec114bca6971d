// Prometheus scrape endpoint of a web process (docs/operations.md). Off unless METRICS_TOKEN is set.
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { installMetricSources, scrape } from "@/server/metrics/sources";
import { queues } from "@/server/queues/queues";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  installMetricSources(db(), queues());
  const r = await scrape(request.headers.get("authorization"), env().METRICS_TOKEN);
  return new Response(r.body, { status: r.status, headers: { "content-type": r.contentType, "cache-control": "no-store" } });
}
