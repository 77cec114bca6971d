import { health } from "@/server/queries/health/health";

export const dynamic = "force-dynamic";

// Public on purpose (load balancers, uptime checks); it reveals only up/down and latencies.
export async function GET() {
  const body = await health();
  return Response.json(body, { status: body.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
