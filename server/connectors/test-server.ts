// A real HTTP server on 127.0.0.1 (random port) for connector tests: each test sets the handler
// and reads back what was received. Never imported by production code.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Names in the spelling and order they were sent. */
  rawHeaders: string[];
  body: string;
  /** Which TCP connection carried the request (1 for the server's first, and so on). */
  connection: number;
}

export type Handler = (req: Received, res: http.ServerResponse) => void;

export interface TestServer {
  url: string;
  received: Received[];
  /** TCP connections accepted so far (never reset): keep-alive reuse shows as no increase. */
  readonly connections: number;
  handle(h: Handler): void;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  let handler: Handler = (_req, res) => res.end();
  const received: Received[] = [];
  let connections = 0;
  const connectionOf = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString("utf8"),
        connection: connectionOf.get(req.socket) ?? 0,
      };
      received.push(r);
      handler(r, res);
    });
  });
  server.on("connection", (socket) => connectionOf.set(socket, ++connections));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get connections() {
      return connections;
    },
    handle(h) {
      handler = h;
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Tests leave hanging requests (timeouts) behind; do not wait for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
