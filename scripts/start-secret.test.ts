// `npm start` refuses a session secret anyone could know (issue 17: .env.example shipped one).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDotEnv } from "./lib/dotenv";
import { nextAuthSecretProblem } from "../server/env";

const root = path.resolve(import.meta.dirname, "..");

describe("NEXTAUTH_SECRET", () => {
  it("names placeholders and short values, accepts generated ones", () => {
    expect(nextAuthSecretProblem("change-me-to-32-random-bytes-base64")).toMatch(/placeholder/);
    expect(nextAuthSecretProblem("changeme-changeme-changeme-changeme")).toMatch(/placeholder/);
    expect(nextAuthSecretProblem("your-secret-here-please-replace-it-now")).toMatch(/placeholder/);
    expect(nextAuthSecretProblem("x".repeat(40))).toMatch(/repeats/);
    expect(nextAuthSecretProblem("Zx8qLp2vRt6wYb4nMk9c")).toMatch(/at least 32/);
    expect(nextAuthSecretProblem(undefined)).toMatch(/not set/);
    expect(nextAuthSecretProblem("q0Xb3YqZ4mJ1rV7pLk2sW9eH5tN8cF6uA0dG3iB1oE=")).toBeNull();
  });

  it(".env.example holds no usable secret", () => {
    const example = parseDotEnv(fs.readFileSync(path.join(root, ".env.example"), "utf8"));
    expect(example.NEXTAUTH_SECRET ?? "").toBe("");
  });

  it.each([["change-me-to-32-random-bytes-base64"], ["short-secret"]])("npm start refuses %s before it sets anything up", (secret) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: root,
      env: { ...process.env, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: "http://localhost:3999", DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/refusing to start: NEXTAUTH_SECRET/);
  });
});
