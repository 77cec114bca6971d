// Instances of the actor's organization, filtered and paged (REST `GET /instances`).
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleInstances } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import type { TInstanceSummary } from "../../commands/instances/start-instance.types";
import { afterCursor, toPage, ZBoolParam, ZDateParam, ZPaging } from "../paging";
import { INSTANCE_SUMMARY_SELECT, instanceSummary } from "./instance-summary";

export const ZSearchInstancesQuery = z.object({
  status: z.enum(["ACTIVE", "COMPLETED", "CANCELED", "TERMINATED"]).optional(),
  key: z.string().min(1).max(255).optional().describe("process key (BPMN process id)"),
  businessKey: z.string().min(1).max(255).optional(),
  hasIncident: ZBoolParam.optional(),
  startedAfter: ZDateParam.optional(),
  startedBefore: ZDateParam.optional(),
  ...ZPaging,
});
export type TSearchInstancesQuery = z.output<typeof ZSearchInstancesQuery>;

export async function searchInstances(
  actor: Actor,
  query: Partial<TSearchInstancesQuery>,
  deps: { db?: Db } = {},
): Promise<{ items: TInstanceSummary[]; nextCursor: string | null }> {
  assertCan(actor, "instance.read");
  const q = { ...query, limit: query.limit ?? 50 };
  const where: Prisma.ProcessInstanceWhereInput = {
    AND: [
      visibleInstances(actor),
      q.status ? { status: q.status } : {},
      q.key ? { definition: { key: q.key } } : {},
      q.businessKey ? { businessKey: q.businessKey } : {},
      q.hasIncident !== undefined ? { hasIncident: q.hasIncident } : {},
      q.startedAfter ? { startedAt: { gte: new Date(q.startedAfter) } } : {},
      q.startedBefore ? { startedAt: { lt: new Date(q.startedBefore) } } : {},
      afterCursor("startedAt", q.cursor) as Prisma.ProcessInstanceWhereInput,
    ],
  };
  const rows = await (deps.db ?? defaultDb()).processInstance.findMany({
    where,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: INSTANCE_SUMMARY_SELECT,
  });
  return toPage(rows, q.limit, (r) => ({ at: r.startedAt, id: r.id }), instanceSummary);
}
