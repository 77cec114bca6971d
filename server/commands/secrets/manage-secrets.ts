// Admins store secrets for service calls ({{secrets.NAME}} in models). Values are encrypted
// (AES-256-GCM, BATON_SECRETS_KEY) and never returned, logged or audited: only names are.
import type { Actor } from "../../authz/actor";
import { appendAudit } from "../../audit/append";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { deleteSecret, listSecretNames, secretsKey, setSecret } from "../../secrets/secrets";
import { ZSecretNameParams, ZSetSecretRequest, type TSetSecretRequest } from "./secrets.types";

export async function listSecrets(actor: Actor | null, deps: { db?: Db } = {}): Promise<{ items: { name: string }[] }> {
  assertCan(actor, "secret.manage");
  const names = await listSecretNames(deps.db ?? defaultDb(), actor.organizationId);
  return { items: names.map((name) => ({ name })) };
}

export async function putSecret(actor: Actor | null, name: string, request: TSetSecretRequest, deps: { db?: Db } = {}): Promise<{ name: string }> {
  assertCan(actor, "secret.manage");
  const { name: n } = ZSecretNameParams.parse({ name });
  const { value } = ZSetSecretRequest.parse(request);
  const key = secretsKey(); // throws a clear error when BATON_SECRETS_KEY is missing
  const db = deps.db ?? defaultDb();
  await db.$transaction(async (tx) => {
    await setSecret(tx, actor.organizationId, n, value, key);
    await appendAudit(tx, [{ organizationId: actor.organizationId, type: "secret.set", actorId: actor.userId, payload: { name: n } }]);
  });
  return { name: n };
}

export async function removeSecret(actor: Actor | null, name: string, deps: { db?: Db } = {}): Promise<{ name: string }> {
  assertCan(actor, "secret.manage");
  const { name: n } = ZSecretNameParams.parse({ name });
  const db = deps.db ?? defaultDb();
  await db.$transaction(async (tx) => {
    if (!(await deleteSecret(tx, actor.organizationId, n))) throw new BatonError("NOT_FOUND", `No secret ${n}.`);
    await appendAudit(tx, [{ organizationId: actor.organizationId, type: "secret.deleted", actorId: actor.userId, payload: { name: n } }]);
  });
  return { name: n };
}
