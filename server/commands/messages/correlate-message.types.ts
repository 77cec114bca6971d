import { z } from "zod";
import { ZVariables } from "../instances/start-instance.types";

export const ZCorrelateMessageRequest = z.object({
  name: z.string().min(1).max(255),
  correlationKey: z.string().max(255).nullish(),
  variables: ZVariables.default({}),
  /** Keep the message this long when nobody waits for it yet (0 = deliver now or drop). */
  timeToLiveMs: z.number().int().min(0).max(30 * 24 * 3600_000).default(0),
  /** Deduplicates publishes of the same message while it is buffered. */
  messageId: z.string().max(255).optional(),
  /** Deliver only to this instance's subscriptions: never starts an instance, never buffers. */
  instanceId: z.string().min(1).max(255).optional(),
  /** Deliver only to instances with this business key; a message start gets it as business key. Never buffers. */
  businessKey: z.string().min(1).max(255).optional(),
});
export type TCorrelateMessageRequest = z.input<typeof ZCorrelateMessageRequest>;

export interface TCorrelateMessageResponse {
  messageId: string;
  /** The instance that received it now, or null when it was buffered or dropped. */
  instanceId: string | null;
  outcome: "correlated" | "started" | "buffered" | "dropped";
}
