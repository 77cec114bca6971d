// JSON logs (pino) with instanceId/taskId/jobId fields where they apply.
import pino from "pino";
import { logContext } from "./log-context";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.BATON_SERVICE ?? "baton" },
  mixin: () => logContext.getStore() ?? {},
  redact: { paths: ["password", "*.password", "authorization", "*.authorization", "headers.authorization"], censor: "[redacted]" },
});
