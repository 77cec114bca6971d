// The typed job catalog: queue name -> zod payload, attempts and backoff. Only the outbox
// publisher (server/runtime/outbox.ts) and the reconciler enqueue; handlers only call commands.
import { z } from "zod";

const ZEngineEvent = z.object({ type: z.string() }).passthrough();

export const CATALOG = {
  /** Apply one event to one instance (batched by the worker). */
  advance: {
    payload: z.object({
      eventId: z.string().min(1),
      instanceId: z.string().min(1),
      organizationId: z.string().min(1),
      event: ZEngineEvent,
      actorId: z.string().nullish(),
    }),
    attempts: 10,
    backoffMs: 500,
  },
  /** Start a called process (a call activity's child instance). */
  "start-child": {
    payload: z.object({
      childInstanceId: z.string().min(1),
      parentInstanceId: z.string().min(1),
      organizationId: z.string().min(1),
      callId: z.string().min(1),
      processId: z.string().min(1),
      binding: z.string(),
      version: z.number().int().optional(),
      variables: z.record(z.string(), z.unknown()),
    }),
    attempts: 10,
    backoffMs: 500,
  },
  /** Fire a timer when due (delayed job; jobId = timer id). */
  timer: {
    payload: z.object({ timerId: z.string().min(1), instanceId: z.string().min(1), organizationId: z.string().min(1) }),
    attempts: 10,
    backoffMs: 500,
  },
  /** Run an HTTP service call (jobId = job row id); retries are counted on the row, not here. */
  "service-call": {
    payload: z.object({ jobId: z.string().min(1), organizationId: z.string().min(1) }),
    attempts: 3,
    backoffMs: 1000,
  },
  /** Correlate a message thrown inside Baton (message end/throw events). */
  "correlate-message": {
    payload: z.object({
      organizationId: z.string().min(1),
      name: z.string().min(1),
      correlationKey: z.string().nullable(),
      variables: z.record(z.string(), z.unknown()),
      messageId: z.string().min(1),
    }),
    attempts: 10,
    backoffMs: 500,
  },
  /** Outbound webhook for a message end/throw event, signed with HMAC-SHA256 (BATON_WEBHOOK_*). */
  "message-publish": {
    payload: z.object({
      organizationId: z.string().min(1),
      instanceId: z.string().min(1),
      elementId: z.string().min(1),
      name: z.string().min(1),
      correlationKey: z.string().nullable(),
      variables: z.record(z.string(), z.unknown()),
    }),
    attempts: 8,
    backoffMs: 1000,
  },
  /** Tell the people a new task is for: bell rows and, with SMTP_URL, email (server/notifications). */
  notify: {
    payload: z.object({ organizationId: z.string().min(1), taskId: z.string().min(1) }),
    attempts: 8,
    backoffMs: 1000,
  },
} as const;

export type QueueName = keyof typeof CATALOG;
export type Payload<Q extends QueueName> = z.infer<(typeof CATALOG)[Q]["payload"]>;
export const QUEUE_NAMES = Object.keys(CATALOG) as QueueName[];

export function parsePayload<Q extends QueueName>(queue: Q, data: unknown): Payload<Q> {
  return CATALOG[queue].payload.parse(data) as Payload<Q>;
}
