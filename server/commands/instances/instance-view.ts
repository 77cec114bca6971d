import type { TInstanceSummary } from "./start-instance.types";

export function instanceSummary(r: {
  id: string; definitionId: string; businessKey: string | null; status: TInstanceSummary["status"]; hasIncident: boolean; startedAt: Date; endedAt: Date | null;
  definition: { key: string; version: number };
}): TInstanceSummary {
  return {
    id: r.id,
    definitionId: r.definitionId,
    key: r.definition.key,
    version: r.definition.version,
    businessKey: r.businessKey,
    status: r.status,
    hasIncident: r.hasIncident,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
  };
}
