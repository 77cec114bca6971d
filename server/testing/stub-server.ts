// A local HTTP service for tests: answers JSON, failing a given share of calls with 500.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Stub {
  url: string;
  calls: number;
  failures: number;
  close(): Promise<void>;
}

/** Fails `failPerTen` of every ten calls (deterministic, evenly spread). */
export async function startStub(failPerTen = 3): Promise<Stub> {
  const stub = { url: "", calls: 0, failures: 0, close: async () => {} } as Stub;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const n = stub.calls++;
      if (n % 10 < failPerTen) {
        stub.failures++;
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "flaky" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, echo: body ? JSON.parse(body) : null }));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/work`;
  stub.close = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });
  return stub;
}
