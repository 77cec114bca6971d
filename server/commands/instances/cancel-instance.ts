import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb } from "../../db/client";
import { BatonError } from "../../errors";
import { runEvent, type RunDeps } from "../../runtime/run-events";
import { expectApplied } from "../outcome";
import { ZCancelInstanceRequest, type TCancelInstanceRequest } from "./cancel-instance.types";
import { instanceSummary } from "./instance-view";
import { loadInstanceFor } from "./load-instance";
import type { TInstanceSummary } from "./start-instance.types";

export async function cancelInstance(actor: Actor | null, request: TCancelInstanceRequest, deps: RunDeps = {}): Promise<TInstanceSummary> {
  assertCan(actor, "instance.cancel");
  const input = ZCancelInstanceRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const inst = await loadInstanceFor(db, actor, input.instanceId);
  if (inst.status !== "ACTIVE") throw new BatonError("CONFLICT", `Instance ${inst.id} is already ${inst.status.toLowerCase()}.`);
  const outcome = await runEvent(
    { eventId: `cancel:${crypto.randomUUID()}`, instanceId: inst.id, organizationId: actor.organizationId, actorId: actor.userId, event: { type: "cancel", reason: input.reason, by: actor.userId } },
    { ...deps, db },
  );
  expectApplied(outcome, `Canceling instance ${inst.id}`);
  return instanceSummary(await loadInstanceFor(db, actor, inst.id));
}
