// `npm run dev`: the same set-up as `npm start`, then Next in development mode (reload on
// save) and the worker under `tsx watch`.
import { ensureDotEnvFile, prepare, root } from "./lib/prepare";
import { bin, runChildren, webEnv } from "./lib/processes";

ensureDotEnvFile();
const prepared = await prepare({ seed: true });
const port = process.env.PORT ?? "3000";
const childEnv = { ...process.env, DATABASE_URL: prepared.databaseUrl, REDIS_URL: prepared.redisUrl, NEXT_TELEMETRY_DISABLED: "1", PORT: port };
runChildren(
  [
    { name: "web", cmd: bin(root, "next"), args: ["dev", "-p", port], env: webEnv(childEnv, ""), cwd: root },
    { name: "worker", cmd: bin(root, "tsx"), args: ["watch", "worker/main.ts"], env: { ...childEnv, BATON_SERVICE: "worker" }, cwd: root },
  ],
  () => prepared.services.stop(),
);
