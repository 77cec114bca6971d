// JSON logs (pino) with instanceId/taskId/jobId fields where they apply.
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.BATON_SERVICE ?? "baton" },
  redact: { paths: ["password", "*.password", "authorization", "*.authorization", "headers.authorization"], censor: "[redacted]" },
});
