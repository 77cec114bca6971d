// The acting user's own API tokens, newest first (the secret is never stored, so never shown).
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { tokenView, type TTokenView } from "./token.types";

export async function listTokens(actor: Actor | null, deps: { db?: Db } = {}): Promise<{ items: TTokenView[] }> {
  assertCan(actor, "token.manage");
  const rows = await (deps.db ?? defaultDb()).apiToken.findMany({
    where: { organizationId: actor.organizationId, userId: actor.userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return { items: rows.map(tokenView) };
}
