// Appends audit events in the caller's transaction, chained per chain id (an instance,
// or the organization for events outside instances). Instance chains rely on the
// instance row lock the command already holds; organization chains take a
// transaction-scoped advisory lock so unrelated instances never wait on each other.
import crypto from "node:crypto";
import type { Tx } from "../db/client";
import { canonicalJson, sha256Hex } from "./canonical";
import type { AuditEventType } from "./event-types";

export interface AuditInput {
  organizationId: string;
  type: AuditEventType;
  actorId?: string | null;
  instanceId?: string | null;
  elementId?: string | null;
  payload?: Record<string, unknown>;
  at?: Date;
}

export function orgChainId(organizationId: string): string {
  return `org:${organizationId}`;
}

export function hashEvent(e: {
  id: string; chainId: string; seq: number; organizationId: string; type: string; actorId: string | null;
  instanceId: string | null; elementId: string | null; payload: unknown; createdAt: Date; prevHash: string | null;
}): string {
  return sha256Hex(canonicalJson({ ...e, createdAt: e.createdAt.toISOString() }));
}

export async function appendAudit(tx: Tx, events: AuditInput[]): Promise<void> {
  if (events.length === 0) return;
  const byChain = new Map<string, AuditInput[]>();
  for (const e of events) {
    const chain = e.instanceId ?? orgChainId(e.organizationId);
    byChain.set(chain, [...(byChain.get(chain) ?? []), e]);
  }
  const rows = [];
  for (const [chainId, list] of byChain) {
    if (chainId.startsWith("org:")) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${chainId}, 0))`;
    }
    const last = await tx.auditEvent.findFirst({ where: { chainId }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? null;
    for (const e of list) {
      seq += 1;
      const row = {
        id: crypto.randomUUID(),
        chainId,
        seq,
        organizationId: e.organizationId,
        type: e.type,
        actorId: e.actorId ?? null,
        instanceId: e.instanceId ?? null,
        elementId: e.elementId ?? null,
        payload: (e.payload ?? {}) as object,
        createdAt: e.at ?? new Date(),
        prevHash,
      };
      const hash = hashEvent(row);
      rows.push({ ...row, hash });
      prevHash = hash;
    }
  }
  await tx.auditEvent.createMany({ data: rows });
}
