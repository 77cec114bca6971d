import { z } from "zod";
import { SECRET_NAME } from "../../secrets/secrets";

export const ZSecretNameParams = z.object({
  name: z.string().regex(SECRET_NAME, "name: letters, digits and underscores, not starting with a digit (used as {{secrets.NAME}})").max(100),
});
export const ZSetSecretRequest = z.object({ value: z.string().min(1, "value is empty").max(64 * 1024) });
export type TSetSecretRequest = z.infer<typeof ZSetSecretRequest>;
