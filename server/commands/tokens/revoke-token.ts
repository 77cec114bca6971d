// Revokes an API token: a user their own, an admin any token of the organization.
// Revoking twice is not an error (the first revocation time is kept).
import { appendAudit } from "../../audit/append";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { forgetToken } from "../../auth/api-token";
import { announceTokenRevocation } from "../../auth/token-revocations";
import { tokenView, ZRevokeTokenRequest, type TRevokeTokenRequest, type TTokenView } from "./token.types";

export async function revokeToken(actor: Actor | null, request: TRevokeTokenRequest, deps: { db?: Db; now?: Date } = {}): Promise<TTokenView> {
  assertCan(actor, "token.manage");
  const { tokenId } = ZRevokeTokenRequest.parse(request);
  const now = deps.now ?? new Date();
  const row = await (deps.db ?? defaultDb()).$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: tokenId, organizationId: actor.organizationId } });
    if (!token) throw new BatonError("NOT_FOUND", `No API token ${tokenId}.`, { tokenId });
    if (token.userId !== actor.userId && !actor.roles.includes("admin")) {
      throw new BatonError("FORBIDDEN", "Only an admin may revoke another user's API token.", { tokenId });
    }
    if (token.revokedAt) return token;
    // Guarded on revokedAt so a concurrent revoke audits once.
    const { count } = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) return (await tx.apiToken.findUniqueOrThrow({ where: { id: token.id } }));
    await appendAudit(tx, [
      {
        organizationId: actor.organizationId,
        type: "token.revoked",
        actorId: actor.userId,
        at: now,
        payload: { tokenId: token.id, name: token.name, prefix: token.prefix, ownerId: token.userId },
      },
    ]);
    return { ...token, revokedAt: now };
  });
  // Cached actors of this token end now, in this process and (through Redis) in every other.
  forgetToken(row.tokenHash);
  await announceTokenRevocation(row.tokenHash);
  return tokenView(row);
}
