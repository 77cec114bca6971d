import { z } from "zod";

export const ZCancelInstanceRequest = z.object({ instanceId: z.string().min(1), reason: z.string().max(1000).optional() });
export type TCancelInstanceRequest = z.infer<typeof ZCancelInstanceRequest>;
