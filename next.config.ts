import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // `npm test` type-checks the whole tree as its own step (tsc); not twice.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages that must not be bundled.
  serverExternalPackages: ["pino", "bullmq", "ioredis", "pg", "@prisma/adapter-pg"],
};

export default nextConfig;
