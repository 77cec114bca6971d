// Incidents: a token that cannot go on (FEEL failed, no flow to take, error nobody catches) stops
// with an incident naming the element and the expression; retryIncident resumes at the same phase.
import { emit, tokenW, type Exec } from "./context";
import type { IncidentKind, IncidentPhase } from "./state";
import { closeTokenWaits } from "./waits";

export interface IncidentInput {
  kind: IncidentKind;
  phase: IncidentPhase;
  message: string;
  expression?: string;
  errorCode?: string;
}

export function raiseIncident(x: Exec, tokenId: string, input: IncidentInput): void {
  const t = tokenW(x, tokenId);
  // a failed entry is retried from scratch, so nothing it opened (boundary timers…) may stay open
  if (input.phase === "enter") closeTokenWaits(x, tokenId);
  const id = x.ctx.newId();
  const incident = { id, kind: input.kind, elementId: t.elementId, tokenId, phase: input.phase, message: input.message, createdAt: x.now } as const;
  x.state.incidents[id] = {
    ...incident,
    ...(input.expression !== undefined ? { expression: input.expression } : {}),
    ...(input.errorCode !== undefined ? { errorCode: input.errorCode } : {}),
  };
  t.status = "incident";
  t.incidentId = id;
  emit(x, {
    type: "raiseIncident",
    incidentId: id,
    kind: input.kind,
    elementId: t.elementId,
    tokenId,
    message: input.message,
    ...(input.expression !== undefined ? { expression: input.expression } : {}),
  });
}

/** Drops the token's open incident (retry, or the token is terminated). */
export function resolveTokenIncident(x: Exec, tokenId: string): void {
  const t = x.state.tokens[tokenId];
  if (!t?.incidentId) return;
  const incident = x.state.incidents[t.incidentId];
  delete x.state.incidents[t.incidentId];
  const w = tokenW(x, tokenId);
  delete w.incidentId;
  w.status = "active";
  if (incident) emit(x, { type: "resolveIncident", incidentId: incident.id, elementId: incident.elementId });
}

export function expressionIncident(
  x: Exec,
  tokenId: string,
  phase: IncidentPhase,
  failure: { expression?: string; message: string },
): void {
  raiseIncident(x, tokenId, {
    kind: failure.expression !== undefined ? "expression" : "invalidValue",
    phase,
    message: failure.message,
    ...(failure.expression !== undefined ? { expression: failure.expression } : {}),
  });
}
