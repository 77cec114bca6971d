// Path parameter schemas shared by the REST routes.
import { z } from "zod";

export const ZIdParams = z.object({ id: z.string().min(1).max(255) });
export const ZKeyParams = z.object({ key: z.string().min(1).max(255) });
