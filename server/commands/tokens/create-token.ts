// Creates an API token for the acting user. Its scopes can only narrow what the user (and,
// when a token creates a token, what that token) may do: a token never grants more.
import crypto from "node:crypto";
import { appendAudit } from "../../audit/append";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { rolesAllow } from "../../authz/permissions";
import { newTokenSecret } from "../../auth/api-token";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { tokenView, ZCreateTokenRequest, type TCreateTokenRequest, type TCreateTokenResponse } from "./token.types";

export async function createToken(
  actor: Actor | null,
  request: TCreateTokenRequest,
  deps: { db?: Db; now?: Date } = {},
): Promise<TCreateTokenResponse> {
  assertCan(actor, "token.manage");
  if (actor.via === "system") throw new BatonError("FORBIDDEN", "API tokens belong to a user; the system actor cannot hold one.");
  const input = ZCreateTokenRequest.parse(request);
  const now = deps.now ?? new Date();

  const denied = input.scopes.filter((s) => !rolesAllow(actor.roles, s));
  if (denied.length) {
    throw new BatonError("FORBIDDEN", `Your roles (${actor.roles.join(", ") || "none"}) do not allow ${denied.join(", ")}, so a token of yours cannot either.`, {
      fields: [{ field: "body.scopes", message: `not allowed: ${denied.join(", ")}` }],
    });
  }
  let scopes: string[] = input.scopes;
  if (actor.tokenScopes && !actor.tokenScopes.includes("*")) {
    // A scoped token creating a token: "all" means the creating token's scopes, not the user's.
    const outside = scopes.filter((s) => !actor.tokenScopes!.includes(s));
    if (outside.length) {
      throw new BatonError("FORBIDDEN", `This API token is not scoped for ${outside.join(", ")}, so it cannot create a token that is.`, {
        fields: [{ field: "body.scopes", message: `outside this token's scopes: ${outside.join(", ")}` }],
      });
    }
    if (scopes.length === 0) scopes = actor.tokenScopes;
  }
  let jobTypes: string[] = input.jobTypes;
  if (actor.tokenJobTypes) {
    const outside = jobTypes.filter((j) => !actor.tokenJobTypes!.includes(j));
    if (outside.length) {
      throw new BatonError("FORBIDDEN", `This API token is limited to job types ${actor.tokenJobTypes.join(", ")}.`, {
        fields: [{ field: "body.jobTypes", message: `outside this token's job types: ${outside.join(", ")}` }],
      });
    }
    if (jobTypes.length === 0) jobTypes = actor.tokenJobTypes;
  }

  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  if (expiresAt && expiresAt <= now) {
    throw new BatonError("VALIDATION", "body.expiresAt: must be in the future", { fields: [{ field: "body.expiresAt", message: "must be in the future" }] });
  }

  const secret = newTokenSecret();
  const row = await (deps.db ?? defaultDb()).$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        id: crypto.randomUUID(),
        organizationId: actor.organizationId,
        userId: actor.userId,
        name: input.name,
        tokenHash: secret.hash,
        prefix: secret.prefix,
        scopes: [...new Set(scopes)],
        jobTypes: [...new Set(jobTypes)],
        expiresAt,
        createdAt: now,
      },
    });
    await appendAudit(tx, [
      {
        organizationId: actor.organizationId,
        type: "token.created",
        actorId: actor.userId,
        at: now,
        // Never the secret or its hash: the audit log is exported.
        payload: { tokenId: created.id, name: created.name, prefix: created.prefix, scopes: created.scopes, jobTypes: created.jobTypes, expiresAt: expiresAt?.toISOString() ?? null },
      },
    ]);
    return created;
  });
  return { ...tokenView(row), token: secret.token };
}
