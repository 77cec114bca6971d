import { z } from "zod";
import { ZVariables } from "./start-instance.types";

export const ZSetVariablesRequest = z.object({ instanceId: z.string().min(1), variables: ZVariables, scopeId: z.string().optional() });
export type TSetVariablesRequest = z.infer<typeof ZSetVariablesRequest>;
