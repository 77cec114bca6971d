// Runs an already built web app and a worker against the environment as given (used by
// Playwright's webServer; `npm start` does the set-up and build first).
import { root } from "./lib/prepare";
import { bin, runChildren, webEnv, WORKER_NODE_ARGS } from "./lib/processes";

const port = process.env.PORT ?? "3000";
const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" as const };
runChildren([
  { name: "web", cmd: bin(root, "next"), args: ["start", "-p", port, "-H", "127.0.0.1"], env: webEnv(childEnv), cwd: root },
  { name: "worker", cmd: process.execPath, args: [...WORKER_NODE_ARGS, "--import", "tsx", "worker/main.ts"], env: { ...childEnv, BATON_SERVICE: "worker" }, cwd: root },
]);
