// The audit event types: a typed contract. Payload shapes are validated where they are built.
import { z } from "zod";

export const AUDIT_EVENT_TYPES = [
  "auth.signed_in",
  "auth.sign_in_failed",
  "auth.signed_out",
  "authz.denied",
  "definition.deployed",
  "form.deployed",
  "instance.started",
  "instance.completed",
  "instance.canceled",
  "instance.terminated",
  "instance.variables_set",
  "element.transition",
  "task.created",
  "task.claimed",
  "task.unclaimed",
  "task.delegated",
  "task.completed",
  "task.canceled",
  "timer.scheduled",
  "timer.fired",
  "message.correlated",
  "job.completed",
  "job.failed",
  "job.error_thrown",
  "job.updated",
  "incident.raised",
  "incident.resolved",
  "secret.set",
  "secret.deleted",
  "token.created",
  "token.revoked",
] as const;

export const ZAuditEventType = z.enum(AUDIT_EVENT_TYPES);
export type AuditEventType = z.infer<typeof ZAuditEventType>;
