// The token -> actor cache: concurrent requests share one lookup, and revocation wins over a
// lookup that was in flight when it happened.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../commands/tokens/create-token";
import { revokeToken } from "../commands/tokens/revoke-token";
import { createTestRuntime, type TestRuntime } from "../testing/runtime";
import { actorFromToken, forgetToken } from "./api-token";

describe("actorFromToken", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime("api-token");
  });
  afterAll(async () => rt?.cleanup());

  it("answers requests arriving together with one lookup (no stampede when the entry expires)", async () => {
    const { token } = await createToken(rt.actors.admin, { name: "stampede" }, { db: rt.db });
    forgetToken();
    const actors = await Promise.all(Array.from({ length: 20 }, () => actorFromToken(rt.db, token)));
    expect(actors[0]?.userId).toBe(rt.actors.admin.userId);
    // One lookup builds one actor object; twenty lookups would build twenty.
    expect(new Set(actors).size).toBe(1);
  });

  it("does not cache what a lookup in flight during a revocation found", async () => {
    const created = await createToken(rt.actors.admin, { name: "revoked while looked up" }, { db: rt.db });
    forgetToken();
    const inFlight = actorFromToken(rt.db, created.token);
    await revokeToken(rt.actors.admin, { tokenId: created.id }, { db: rt.db });
    await inFlight; // may still see the token: it started before the revocation
    expect(await actorFromToken(rt.db, created.token)).toBeNull();
  });
});
