// Request bodies of the Camunda 8 REST API as its clients send them (8.8 spec). Lenient where
// Camunda is: Java longs arrive as numbers or numeric strings, optional objects as null, and
// unknown fields are dropped (zod's default).
import { z } from "zod";
import { BatonError } from "../../errors";

/** The one tenant of an organization, as Camunda names the tenant when multi-tenancy is off. */
export const DEFAULT_TENANT = "<default>";

export const ZLong = z.union([z.number().int(), z.string().regex(/^-?[0-9]{1,19}$/, "expected an integer").transform(Number)]);
export const ZKey = z.union([z.string().regex(/^[0-9]{1,19}$/, "expected a numeric key"), z.number().int().nonnegative().transform(String)]);
export const ZVars = z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {});

export const ZTenantId = z.string().nullish().refine((t) => t == null || t === DEFAULT_TENANT, {
  message: `Baton has one tenant per organization: omit tenantId or send "${DEFAULT_TENANT}"`,
});

/** Features Baton does not have are refused by name, never silently dropped. */
export function unsupported(field: string, what: string): BatonError {
  return new BatonError("VALIDATION", `${field}: ${what} is not supported by Baton's Camunda 8 API (see docs/camunda-compatibility.md).`, { fields: [{ field, message: "unsupported" }] });
}

export const ZJobKeyParams = z.object({ jobKey: z.string().min(1).max(40) });
export const ZInstanceKeyParams = z.object({ processInstanceKey: z.string().min(1).max(40) });
export const ZUserTaskKeyParams = z.object({ userTaskKey: z.string().min(1).max(40) });

export const ZActivateJobsBody = z.object({
  type: z.string(),
  worker: z.string().nullish(),
  timeout: ZLong,
  maxJobsToActivate: z.number().int(),
  fetchVariable: z.array(z.string()).nullish(),
  requestTimeout: ZLong.nullish(),
  tenantIds: z.array(z.string()).nullish(),
});

export const ZCompleteJobBody = z.object({ variables: ZVars, result: z.unknown().optional() });

export const ZFailJobBody = z.object({
  retries: z.number().int().nullish(),
  errorMessage: z.string().nullish(),
  retryBackOff: ZLong.nullish(),
  variables: ZVars,
});

export const ZThrowJobErrorBody = z.object({ errorCode: z.string(), errorMessage: z.string().nullish(), variables: ZVars });

export const ZUpdateJobBody = z.object({
  changeset: z.object({ retries: z.number().int().nullish(), timeout: ZLong.nullish() }),
  operationReference: ZLong.nullish(),
});

export const ZCreateInstanceBody = z
  .object({
    processDefinitionId: z.string().min(1).nullish(),
    processDefinitionVersion: z.number().int().nullish(),
    processDefinitionKey: ZKey.nullish(),
    variables: ZVars,
    tenantId: ZTenantId,
    operationReference: ZLong.nullish(),
    startInstructions: z.array(z.unknown()).nullish(),
    runtimeInstructions: z.array(z.unknown()).nullish(),
    awaitCompletion: z.boolean().nullish(),
    fetchVariables: z.array(z.string()).nullish(),
    requestTimeout: ZLong.nullish(),
    tags: z.array(z.string()).nullish(),
  })
  .refine((b) => b.processDefinitionId || b.processDefinitionKey, { message: "give processDefinitionId or processDefinitionKey", path: ["processDefinitionId"] });

export const ZCancelInstanceBody = z.object({ operationReference: ZLong.nullish() }).nullish();

export const ZPublishMessageBody = z.object({
  name: z.string().min(1),
  correlationKey: z.string().nullish(),
  timeToLive: ZLong.nullish(),
  messageId: z.string().nullish(),
  variables: ZVars,
  tenantId: ZTenantId,
});

export const ZCorrelateMessageBody = z.object({
  name: z.string().min(1),
  correlationKey: z.string().nullish(),
  variables: ZVars,
  tenantId: ZTenantId,
});

const ZStringFilter = z.union([z.string(), z.object({ $eq: z.string().optional() }).catchall(z.unknown())]);

export const ZSearchUserTasksBody = z
  .object({
    page: z
      .object({ from: z.number().int().min(0).optional(), limit: z.number().int().min(1).optional(), after: z.string().optional(), before: z.string().optional() })
      .nullish(),
    sort: z.array(z.object({ field: z.string(), order: z.enum(["ASC", "DESC", "asc", "desc"]).optional() })).nullish(),
    filter: z
      .object({
        state: z.union([z.string(), z.object({ $eq: z.string().optional() }).catchall(z.unknown())]).optional(),
        assignee: ZStringFilter.optional(),
        candidateGroup: ZStringFilter.optional(),
        elementId: z.string().optional(),
        processDefinitionId: z.string().optional(),
        processInstanceKey: ZKey.optional(),
        userTaskKey: ZKey.optional(),
        tenantId: ZStringFilter.optional(),
      })
      .catchall(z.unknown())
      .nullish(),
  })
  .nullish();

export const ZAssignUserTaskBody = z.object({ assignee: z.string().min(1, "assignee: must not be empty"), allowOverride: z.boolean().nullish(), action: z.string().nullish() });
export const ZCompleteUserTaskBody = z.object({ variables: ZVars, action: z.string().nullish() });
