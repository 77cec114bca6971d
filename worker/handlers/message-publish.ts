// Sends the signed webhook of a message end/throw event. Failures throw, so BullMQ retries
// with exponential backoff; the receiver dedups by the Baton-Event-Id header (the job id).
import { sendWebhook } from "../../server/connectors/webhook";
import type { Db } from "../../server/db/client";
import { env } from "../../server/env";
import type { Payload } from "../../server/queues/catalog";
import { deleteOutboxRow } from "../../server/runtime/outbox";

export async function handleMessagePublish(db: Db, jobId: string, p: Payload<"message-publish">) {
  const { BATON_WEBHOOK_URL: url, BATON_WEBHOOK_SECRET: secret } = env();
  if (!url || !secret) {
    await deleteOutboxRow(db, jobId);
    return { sent: false, reason: "no webhook configured" };
  }
  const outcome = await sendWebhook(url, { type: "message.published", ...p }, secret, { eventId: jobId, eventType: "message.published", timeoutMs: 10_000 });
  if (!outcome.ok) {
    if (!outcome.retryable) {
      await deleteOutboxRow(db, jobId);
      return { sent: false, status: outcome.status, reason: outcome.error };
    }
    throw new Error(`webhook delivery failed: ${outcome.error}`);
  }
  await deleteOutboxRow(db, jobId);
  return { sent: true, status: outcome.status };
}
