import { z } from "zod";

export const ZRetryIncidentRequest = z.object({ incidentId: z.string().min(1), retries: z.number().int().min(1).max(100).optional() });
export type TRetryIncidentRequest = z.infer<typeof ZRetryIncidentRequest>;
