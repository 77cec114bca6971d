// Preloaded into the web process (`node --import`, through NODE_OPTIONS in scripts/lib/processes.ts):
// stamps every HTTP request with the TCP peer's address in `x-baton-peer-address`, overwriting
// anything a client sent under that name. Next.js route handlers only see a Request: Next 16 fills
// `x-forwarded-for` with the socket address only when the client did not send that header itself
// (`??=` in next/dist/server/base-server.js), so inside a handler a forged X-Forwarded-For and
// the real peer look the same. server/http/client-ip.ts reads this header only when this file ran
// in the process (the global flag below), so without it (`next dev`) the header means nothing.
import http from "node:http";

const HEADER = "x-baton-peer-address";
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function stampPeer(event, req, ...rest) {
  if (event === "request" && req && req.headers) {
    req.headers[HEADER] = req.socket?.remoteAddress ?? "";
  }
  return emit.call(this, event, req, ...rest);
};
globalThis[Symbol.for("baton.peer-address-header")] = HEADER;
