// The one place that reads process.env for the app and the worker (zod-parsed).
import { z } from "zod";
import { trustProxyProblem } from "./http/trust-proxy";

// Values people copy from examples and tutorials: a session secret anyone can read is no secret.
const PLACEHOLDER_SECRET = /^(change[-_ ]?(me|this|it)|replace[-_ ]?me|your[-_ ]?(own[-_ ]?)?secret|my[-_ ]?secret|super[-_ ]?secret|nextauth[-_ ]?secret|(dev|development|test|example|insecure|default)[-_ ]?secret|secret[-_ ]?(key|value)|<)/i;

/** Why a NEXTAUTH_SECRET must not be used, or null when it will do (also used by scripts/start.ts). */
export function nextAuthSecretProblem(secret: string | undefined): string | null {
  if (!secret) return "NEXTAUTH_SECRET is not set: generate one with `openssl rand -base64 32`";
  if (PLACEHOLDER_SECRET.test(secret.trim())) return "NEXTAUTH_SECRET is a known placeholder: generate one with `openssl rand -base64 32`";
  if (secret.length < 32) return `NEXTAUTH_SECRET must be at least 32 characters (it has ${secret.length}): generate one with \`openssl rand -base64 32\``;
  if (new Set(secret).size < 8) return "NEXTAUTH_SECRET repeats a few characters: generate one with `openssl rand -base64 32`";
  return null;
}

const emptyAsUnset = (v: unknown) => (v === "" ? undefined : v);

const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// URL"),
  REDIS_URL: z.string().url("REDIS_URL must be a redis:// URL").default("redis://127.0.0.1:6379"),
  // Prefix for every BullMQ queue and Redis key, so tests and benches can share one Redis.
  REDIS_PREFIX: z.string().min(1).default("baton"),
  // Optional here (the worker and scripts do not sign sessions); when set it must be a real one.
  // scripts/start.ts refuses to start the web app without one.
  NEXTAUTH_SECRET: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .superRefine((v, ctx) => {
        const problem = nextAuthSecretProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
  ),
  NEXTAUTH_URL: z.string().url().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("Single sign-on"),
  OIDC_DEFAULT_ORGANIZATION: z.string().default("acme"),
  // The ID-token claim listing the user's groups (a dotted path reaches nested claims); synced at each SSO sign-in.
  OIDC_GROUPS_CLAIM: z.string().trim().min(1).default("groups"),
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
  // Sign-in limits (server/auth/rate-limit.ts): failures per account and address before each
  // further attempt from that address waits (1 s, doubling); failures per account from all
  // addresses before every attempt on it waits LOGIN_GUARD_DELAY_MS (never a hard lock).
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  LOGIN_ACCOUNT_CEILING: z.coerce.number().int().positive().default(20),
  LOGIN_GUARD_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  // Element executions one engine step may run without reaching a wait state (engine/runtime/budget.ts).
  BATON_EXECUTION_BUDGET: z.coerce.number().int().min(10, "BATON_EXECUTION_BUDGET must be at least 10").max(1_000_000).optional(),
  // Outgoing email (notifications): smtp://user:pass@host:587 or smtps://…; unset = written to the log.
  SMTP_URL: z.string().url("SMTP_URL must be a URL like smtp://user:password@mail.example.com:587").optional(),
  SMTP_FROM: z.string().min(3).default("Baton <baton@localhost>"),
  // Prometheus: /metrics on the web and WORKER_METRICS_PORT on the worker, with this bearer token.
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  // Which X-Forwarded-For hops to believe (server/http/client-ip.ts): unset = none (the client
  // is the TCP peer), "1" = the peer is one trusted proxy, or a comma-separated CIDR list of proxies.
  TRUST_PROXY: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .superRefine((v, ctx) => {
        const problem = trustProxyProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
  ),
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
