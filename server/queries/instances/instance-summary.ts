// The instance summary shape of the REST API (TInstanceSummary), built from a row + its definition.
import type { TInstanceSummary } from "../../commands/instances/start-instance.types";

export const INSTANCE_SUMMARY_SELECT = {
  id: true,
  definitionId: true,
  businessKey: true,
  status: true,
  hasIncident: true,
  startedAt: true,
  endedAt: true,
  definition: { select: { key: true, version: true } },
} as const;

export interface InstanceSummaryRow {
  id: string;
  definitionId: string;
  businessKey: string | null;
  status: TInstanceSummary["status"];
  hasIncident: boolean;
  startedAt: Date;
  endedAt: Date | null;
  definition: { key: string; version: number };
}

export function instanceSummary(row: InstanceSummaryRow): TInstanceSummary {
  return {
    id: row.id,
    definitionId: row.definitionId,
    key: row.definition.key,
    version: row.definition.version,
    businessKey: row.businessKey,
    status: row.status,
    hasIncident: row.hasIncident,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt ? row.endedAt.toISOString() : null,
  };
}
