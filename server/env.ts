// The one place that reads process.env for the app and the worker (zod-parsed).
import { z } from "zod";

const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// URL"),
  REDIS_URL: z.string().url("REDIS_URL must be a redis:// URL").default("redis://127.0.0.1:6379"),
  // Prefix for every BullMQ queue and Redis key, so tests and benches can share one Redis.
  REDIS_PREFIX: z.string().min(1).default("baton"),
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters").optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("Single sign-on"),
  OIDC_DEFAULT_ORGANIZATION: z.string().default("acme"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WORKER_HEARTBEAT_MS: z.coerce.number().int().positive().default(5000),
  // Adaptive batching: events of many instances per transaction (1 = no batching).
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(64),
  WORKER_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1000).default(4),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(2000).default(128),
  // How often the reconciler re-creates lost jobs (timers, outbox) and expired job locks.
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(2000),
  // A crashed worker's BullMQ jobs are retried after this lock expires.
  WORKER_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  // A crashed worker's HTTP service call is retried after this (calls time out before it).
  SERVICE_CALL_LOCK_MS: z.coerce.number().int().min(2000).default(300_000),
  // Outbound webhooks for message end/throw events; signed with HMAC-SHA256 (Baton-Signature).
  BATON_WEBHOOK_URL: z.string().url().optional(),
  BATON_WEBHOOK_SECRET: z.string().min(16, "BATON_WEBHOOK_SECRET must be at least 16 characters").optional(),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
});

export type Env = z.infer<typeof Env>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}\nSet these in .env (see .env.example) or the environment.`);
  }
  cached = parsed.data;
  return cached;
}

export function oidcEnabled(e: Env = env()): boolean {
  return Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}
