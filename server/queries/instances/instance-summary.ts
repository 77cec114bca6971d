// The columns TInstanceSummary needs; the mapping itself is the commands' (one shape for both).
export { instanceSummary } from "../../commands/instances/instance-view";

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
