// Incidents of the actor's organization, newest first, filtered and paged (REST `GET /incidents`).
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleIncidents } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { afterCursor, toPage, ZPaging } from "../paging";
import { incidentView, type TIncidentView } from "./incident-view";

export const ZListIncidentsQuery = z.object({
  status: z.enum(["OPEN", "RESOLVED"]).optional(),
  instanceId: z.string().min(1).max(255).optional(),
  ...ZPaging,
});
export type TListIncidentsQuery = z.output<typeof ZListIncidentsQuery>;

export async function listIncidents(
  actor: Actor,
  query: Partial<TListIncidentsQuery>,
  deps: { db?: Db } = {},
): Promise<{ items: TIncidentView[]; nextCursor: string | null }> {
  assertCan(actor, "incident.read");
  const limit = query.limit ?? 50;
  const rows = await (deps.db ?? defaultDb()).incident.findMany({
    where: {
      AND: [
        visibleIncidents(actor),
        query.status ? { status: query.status } : {},
        query.instanceId ? { instanceId: query.instanceId } : {},
        afterCursor("createdAt", query.cursor) as Prisma.IncidentWhereInput,
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  return toPage(rows, limit, (r) => ({ at: r.createdAt, id: r.id }), incidentView);
}
