// A token revoked in one process stops working at once in another that has it cached: the second
// process runs with a 10-minute cache, so only the Redis announcement can end its entry in time.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../commands/tokens/create-token";
import { revokeToken } from "../commands/tokens/revoke-token";
import { createTestRuntime, waitFor, type TestRuntime } from "../testing/runtime";
import { freePort } from "../testing/free-port";

const root = path.resolve(import.meta.dirname, "../..");

describe("token revocation across processes", () => {
  let rt: TestRuntime;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    rt = await createTestRuntime("token_revocations");
  });
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await rt?.cleanup();
  });

  /** Starts another process with a 10-minute token cache; returns its `check`. */
  function otherProcess(env: Record<string, string> = {}): (token: string) => Promise<string | null> {
    const other = spawn(process.execPath, ["--import", "tsx", "server/auth/__fixtures__/token-check.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: rt.t.url, REDIS_PREFIX: rt.prefix, BATON_TOKEN_CACHE_MS: "600000", LOG_LEVEL: "fatal", ...env },
      stdio: ["pipe", "pipe", "inherit"],
    });
    children.push(other);
    const answers = readline.createInterface({ input: other.stdout! })[Symbol.asyncIterator]();
    return async (token) => {
      other.stdin!.write(`check ${token}\n`);
      const next = await answers.next();
      if (next.done) throw new Error("the other process exited");
      return (JSON.parse(next.value) as { userId: string | null }).userId;
    };
  }

  it("ends the other process's cached actor at once", async () => {
    const checkInOther = otherProcess();
    const created = await createToken(rt.actors.admin, { name: "used by two processes" }, { db: rt.db });
    expect(await checkInOther(created.token)).toBe(rt.actors.admin.userId);

    // Prove the other process answers from its cache: mark the token revoked behind its back
    // (no announcement) — it keeps answering once its subscription is live and the entry cached.
    await waitFor(async () => {
      await checkInOther(created.token); // (re)fills the cache once the subscription is live
      await rt.db.apiToken.update({ where: { id: created.id }, data: { revokedAt: new Date() } });
      const cached = (await checkInOther(created.token)) === rt.actors.admin.userId;
      await rt.db.apiToken.update({ where: { id: created.id }, data: { revokedAt: null } });
      return cached;
    }, 15_000, "the other process to cache the token");

    // The real revocation, in this process: the other one drops its entry.
    await revokeToken(rt.actors.admin, { tokenId: created.id }, { db: rt.db });
    await waitFor(async () => (await checkInOther(created.token)) === null, 15_000, "the revocation to reach the other process");
  });

  it("caches nothing while Redis is unreachable (a revocation could not be heard)", async () => {
    const checkInOther = otherProcess({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const created = await createToken(rt.actors.admin, { name: "used while redis is down" }, { db: rt.db });
    expect(await checkInOther(created.token)).toBe(rt.actors.admin.userId);
    expect(await checkInOther(created.token)).toBe(rt.actors.admin.userId);
    // Revoked with no way to announce it to that process: it still sees it on its next request.
    await rt.db.apiToken.update({ where: { id: created.id }, data: { revokedAt: new Date() } });
    expect(await checkInOther(created.token)).toBeNull();
  });
});
