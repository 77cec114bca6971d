import { defineConfig, devices } from "@playwright/test";
import { OIDC_E2E } from "./e2e/fixtures/oidc-accounts";
import { freePort } from "./server/testing/free-port";

// Runs against a production build (`next build` first; `npm test` does both) with a real
// worker, on its own port and database (set up by scripts/test.ts).
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The OpenID Connect provider e2e/oidc.spec.ts signs in through (e2e/fixtures/oidc-provider.ts): chosen
// once here (workers inherit the variable), started before Baton, whose OIDC_* settings point at it.
process.env.E2E_OIDC_PORT ||= String(await freePort());
const oidcIssuer = `http://127.0.0.1:${process.env.E2E_OIDC_PORT}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: "node --import tsx e2e/fixtures/oidc-provider.ts",
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { E2E_OIDC_REDIRECT_URI: `${baseURL}/api/auth/callback/oidc` },
    },
    {
      command: "node --import tsx scripts/serve.ts",
      url: `${baseURL}/api/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      // serve.ts stops next and the worker on SIGTERM; a bare SIGKILL would orphan them.
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        PORT: String(port), NEXTAUTH_URL: baseURL, REDIS_PREFIX: process.env.E2E_REDIS_PREFIX ?? "baton-e2e", WORKER_HEARTBEAT_MS: "1000",
        OIDC_ISSUER: oidcIssuer, OIDC_CLIENT_ID: OIDC_E2E.clientId, OIDC_CLIENT_SECRET: OIDC_E2E.clientSecret, OIDC_NAME: OIDC_E2E.name,
        OIDC_GROUPS_CLAIM: OIDC_E2E.groupsClaim, OIDC_DEFAULT_ORGANIZATION: OIDC_E2E.organization,
      },
    },
  ],
});
