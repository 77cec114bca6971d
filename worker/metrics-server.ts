// The worker's Prometheus endpoint: a plain HTTP listener on WORKER_METRICS_PORT (bound to
// METRICS_HOST, 127.0.0.1 by default), same token rule as the web's /metrics.
import http from "node:http";
import type { Db } from "../server/db/client";
import { logger } from "../server/log";
import { installMetricSources, scrape } from "../server/metrics/sources";
import type { Queues } from "../server/queues/queues";

export function startMetricsServer(o: { db: Db; queues: Queues; port: number; host: string; token: string | undefined }): http.Server {
  installMetricSources(o.db, o.queues);
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Only GET /metrics is served here.", details: {} } }));
      return;
    }
    scrape(req.headers.authorization ?? null, o.token).then(
      (r) => res.writeHead(r.status, { "content-type": r.contentType }).end(r.body),
      (err: Error) => res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "UNAVAILABLE", message: err.message, details: {} } })),
    );
  });
  server.on("error", (err) => logger.error({ err: err.message, port: o.port }, "worker metrics server failed"));
  server.listen(o.port, o.host, () => logger.info({ port: o.port, host: o.host }, "worker metrics at /metrics"));
  return server;
}
