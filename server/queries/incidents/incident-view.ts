// The incident shape of the REST API, shared by the incident list and the instance detail.
export interface TIncidentView {
  id: string;
  instanceId: string;
  elementId: string;
  tokenId: string | null;
  type: string;
  message: string;
  details: unknown;
  status: "OPEN" | "RESOLVED";
  createdAt: string;
  resolvedAt: string | null;
  resolvedById: string | null;
}

export function incidentView(r: {
  id: string; instanceId: string; elementId: string; tokenId: string | null; type: string; message: string; details: unknown;
  status: "OPEN" | "RESOLVED"; createdAt: Date; resolvedAt: Date | null; resolvedById: string | null;
}): TIncidentView {
  return {
    id: r.id,
    instanceId: r.instanceId,
    elementId: r.elementId,
    tokenId: r.tokenId,
    type: r.type,
    message: r.message,
    details: r.details,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    resolvedAt: r.resolvedAt ? r.resolvedAt.toISOString() : null,
    resolvedById: r.resolvedById,
  };
}
