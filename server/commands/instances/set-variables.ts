import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb } from "../../db/client";
import { BatonError } from "../../errors";
import { runEvent, type RunDeps } from "../../runtime/run-events";
import { expectApplied } from "../outcome";
import { loadInstanceFor } from "./load-instance";
import { ZSetVariablesRequest, type TSetVariablesRequest } from "./set-variables.types";

export async function setVariables(actor: Actor | null, request: TSetVariablesRequest, deps: RunDeps = {}): Promise<{ ok: true }> {
  assertCan(actor, "instance.setVariables");
  const input = ZSetVariablesRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const inst = await loadInstanceFor(db, actor, input.instanceId);
  if (inst.status !== "ACTIVE") throw new BatonError("CONFLICT", `Instance ${inst.id} has ended; its variables can no longer change.`);
  const outcome = await runEvent(
    { eventId: `vars:${crypto.randomUUID()}`, instanceId: inst.id, organizationId: actor.organizationId, actorId: actor.userId, event: { type: "setVariables", variables: input.variables, scopeId: input.scopeId, by: actor.userId } },
    { ...deps, db },
  );
  expectApplied(outcome, `Setting variables of ${inst.id}`);
  return { ok: true };
}
