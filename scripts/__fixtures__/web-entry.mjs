// Stands in for the Next.js CLI in the web launcher's tests: `… -p PORT` serves its pid;
// /crash exits with code 3. Stops on SIGTERM after closing its server.
import http from "node:http";

const port = Number(process.argv[process.argv.indexOf("-p") + 1]);
const server = http.createServer((req, res) => {
  if (req.url === "/crash") {
    res.end("bye", () => process.exit(3));
    return;
  }
  res.setHeader("connection", "close");
  res.end(String(process.pid));
});
server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
