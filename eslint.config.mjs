// Lint: TypeScript rules plus the import boundaries of docs/architecture.md ("Four floors"), enforced.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const restrict = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });
const noServer = { group: ["**/server/**", "@/server/**"], message: "components/ must not import server/: pass data as props or through server actions." };

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", ".data/**", "server/db/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/results/**", ".tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", Buffer: "readonly", performance: "readonly", fetch: "readonly", Response: "readonly", Request: "readonly", AbortController: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", crypto: "readonly", structuredClone: "readonly", queueMicrotask: "readonly", globalThis: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["engine/**/*.ts"],
    rules: restrict([
      { group: ["**/server/**", "@/server/**", "**/app/**", "@/app/**", "**/worker/**", "@/worker/**"], message: "engine/ is pure: no server/, app/ or worker/ imports." },
      { group: ["@prisma/*", "next", "next/*", "bullmq", "ioredis", "pg"], message: "engine/ is pure: no database, queue or framework imports." },
    ]),
  },
  {
    // the command line talks HTTP to a server and reads files; it may use the pure engine (validate), nothing server-side
    files: ["cli/**/*.ts"],
    ignores: ["cli/**/*.test.ts"],
    rules: restrict([{ group: ["**/server/**", "@/server/**", "**/app/**", "@/app/**", "**/worker/**", "@/worker/**"], message: "cli/ runs on a user's machine: engine/ only, no server/, app/ or worker/." }]),
  },
  // engine/ does no I/O: network calls belong to cli/, server/ or worker/
  { files: ["engine/**/*.ts"], ignores: ["engine/**/*.test.ts"], rules: { "no-restricted-globals": ["error", { name: "fetch", message: "engine/ is pure: no network." }] } },
  { files: ["components/**/*.{ts,tsx}"], rules: restrict([noServer]) },
  {
    files: ["client/**/*.ts"],
    ignores: ["client/**/*.test.ts"],
    rules: restrict([{ group: ["../*", "@/*"], message: "client/ is what customers' workers run: it imports nothing outside client/." }]),
  },
  {
    files: ["app/**/*.{ts,tsx}", "worker/**/*.ts"],
    rules: restrict([{ group: ["@prisma/*", "**/db/generated/**", "@/server/db/generated/**"], message: "Go through server/ (commands and queries), never Prisma directly." }]),
  },
);
