// Correlates a message by name + correlation key to exactly one waiting subscription (the
// oldest); else starts an instance of a process with a matching message start event; else
// buffers it for its time to live (Zeebe semantics), to be taken by the next subscription.
import crypto from "node:crypto";
import { messageStartsOf, type CompiledModel } from "../../../engine";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { runEvent, type RunDeps } from "../../runtime/run-events";
import { ZCorrelateMessageRequest, type TCorrelateMessageRequest, type TCorrelateMessageResponse } from "./correlate-message.types";

async function latestMessageStart(db: Db, organizationId: string, name: string) {
  const defs = await db.$queryRawUnsafe<{ id: string; key: string; model: CompiledModel }[]>(
    `SELECT DISTINCT ON (key) id, key, model FROM "ProcessDefinition" WHERE "organizationId" = $1 ORDER BY key, version DESC`,
    organizationId,
  );
  for (const d of defs) {
    const proc = d.model.processes[d.key];
    const hit = proc ? messageStartsOf(proc).find((m) => m.messageName === name) : undefined;
    if (hit) return { definitionId: d.id, key: d.key, startEventId: hit.elementId };
  }
  return null;
}

export async function correlateMessage(actor: Actor | null, request: TCorrelateMessageRequest, deps: RunDeps = {}): Promise<TCorrelateMessageResponse> {
  assertCan(actor, "message.correlate");
  const input = ZCorrelateMessageRequest.parse(request);
  const db = deps.db ?? defaultDb();
  const org = actor.organizationId;
  const key = input.correlationKey ?? null;
  const messageId = input.messageId ?? crypto.randomUUID();
  const targeted = input.instanceId !== undefined || input.businessKey !== undefined;
  const instanceFilter = input.businessKey
    ? { instanceId: { in: (await db.processInstance.findMany({ where: { organizationId: org, businessKey: input.businessKey, ...(input.instanceId ? { id: input.instanceId } : {}) }, select: { id: true } })).map((i) => i.id) } }
    : input.instanceId ? { instanceId: input.instanceId } : {};

  // A subscription can close between finding it and applying (another message won): try the next.
  for (let attempt = 0; attempt < 5; attempt++) {
    const sub = await db.messageSubscription.findFirst({
      where: { organizationId: org, messageName: input.name, correlationKey: key, ...instanceFilter },
      orderBy: { createdAt: "asc" },
      skip: attempt,
    });
    if (!sub) break;
    const o = await runEvent(
      { eventId: `msg:${messageId}`, instanceId: sub.instanceId, organizationId: org, actorId: actor.via === "system" ? null : actor.userId, event: { type: "messageCorrelated", subscriptionId: sub.id, variables: input.variables } },
      { ...deps, db },
    );
    if (o.status === "applied") return { messageId, instanceId: sub.instanceId, outcome: "correlated" };
    if (o.status === "duplicate") throw new BatonError("CONFLICT", `Message ${messageId} was already correlated.`, { messageId });
  }

  const start = input.instanceId === undefined ? await latestMessageStart(db, org, input.name) : null;
  if (start) {
    const instanceId = crypto.randomUUID();
    const o = await runEvent(
      {
        eventId: `msg:${messageId}`,
        instanceId,
        organizationId: org,
        actorId: actor.via === "system" ? null : actor.userId,
        event: { type: "start", processId: start.key, startEventId: start.startEventId, variables: input.variables, startedBy: actor.userId },
        start: { definitionId: start.definitionId, businessKey: input.businessKey ?? key, startedById: actor.via === "system" ? null : actor.userId },
      },
      { ...deps, db },
    );
    if (o.status === "applied") return { messageId, instanceId, outcome: "started" };
  }

  if (input.timeToLiveMs <= 0 || targeted) return { messageId, instanceId: null, outcome: "dropped" };
  try {
    await db.bufferedMessage.create({
      data: { id: crypto.randomUUID(), organizationId: org, name: input.name, correlationKey: key, messageId: input.messageId ?? null, variables: input.variables as object, expiresAt: new Date(Date.now() + input.timeToLiveMs) },
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw new BatonError("CONFLICT", `A message with id ${input.messageId} is already buffered.`, { messageId: input.messageId });
    throw err;
  }
  return { messageId, instanceId: null, outcome: "buffered" };
}
