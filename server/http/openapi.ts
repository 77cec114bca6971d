// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the routes parse
// with. Every route file under app/api/v1 must have an entry here (openapi.test.ts checks).
import { z, type ZodType } from "zod";
import { ZCancelInstanceRequest } from "../commands/instances/cancel-instance.types";
import { ZSetVariablesRequest } from "../commands/instances/set-variables.types";
import { ZStartInstanceRequest } from "../commands/instances/start-instance.types";
import { ZRetryIncidentRequest } from "../commands/incidents/retry-incident.types";
import { ZCorrelateMessageRequest } from "../commands/messages/correlate-message.types";
import { ZCompleteTaskRequest, ZDelegateTaskRequest } from "../commands/tasks/task.types";
import { ZCreateTokenRequest } from "../commands/tokens/token.types";
import { ZSecretNameParams, ZSetSecretRequest } from "../commands/secrets/secrets.types";
import { ZDeployDefinitionRequest } from "../commands/definitions/deploy-definition.types";
import { ZActivateJobsRequest } from "../commands/jobs/activate-jobs.types";
import { ZCompleteJobRequest } from "../commands/jobs/complete-job.types";
import { ZFailJobRequest } from "../commands/jobs/fail-job.types";
import { ZThrowJobErrorRequest } from "../commands/jobs/throw-job-error.types";
import { ZUpdateJobBody } from "../commands/jobs/update-job.types";
import { ZUnlockJobRequest } from "../commands/jobs/unlock-job";
import { ZListIncidentsQuery } from "../queries/incidents/list-incidents";
import { ZSearchInstancesQuery } from "../queries/instances/search-instances";
import { ZListTasksQuery } from "../queries/tasks/list-tasks";
import { IDEMPOTENCY_HEADER } from "./idempotency";
import { ZIdParams, ZKeyParams } from "./route-params";

type Method = "get" | "post" | "put" | "patch" | "delete";

export interface ApiOperation {
  method: Method;
  /** OpenAPI path template, e.g. `/instances/{id}`. */
  path: string;
  summary: string;
  tag: string;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** Extra request media types (deploy accepts raw XML and multipart too). */
  rawBodies?: Record<string, Record<string, unknown>>;
  headers?: { name: string; description: string }[];
  success: { status: number; description: string };
  public?: boolean;
}

const idempotency = [{ name: IDEMPOTENCY_HEADER, description: "Retry-safe: the same key with the same body answers the first result; with another body, 409. Kept 24 hours." }];

export const API_OPERATIONS: ApiOperation[] = [
  { method: "get", path: "/me", tag: "identity", summary: "Who am I: identity, organization, roles and groups of this session or token", success: { status: 200, description: "The actor" } },
  { method: "get", path: "/openapi.json", tag: "identity", summary: "This document", public: true, success: { status: 200, description: "OpenAPI 3.1 document" } },

  { method: "get", path: "/definitions", tag: "definitions", summary: "Latest version of each deployed process", success: { status: 200, description: "`{ items }`" } },
  {
    method: "post", path: "/definitions", tag: "definitions", summary: "Deploy BPMN 2.0 XML (raw XML, multipart `file`, or JSON `{ xml }`) with its Camunda Forms (`.form` files, JSON `forms`), or forms alone",
    body: ZDeployDefinitionRequest,
    rawBodies: {
      "application/xml": { type: "string", description: "BPMN 2.0 XML; optional `X-File-Name` header" },
      "text/xml": { type: "string" },
      "multipart/form-data": {
        type: "object",
        description: "`file`: the BPMN model; any part whose file name ends in `.form` is a Camunda Forms JSON stored versioned by its `id`",
        properties: { file: { type: "string", contentMediaType: "application/xml" } },
      },
    },
    success: { status: 201, description: "Deployed; 200 when every process was already deployed with the same XML" },
  },
  { method: "get", path: "/definitions/{id}", tag: "definitions", summary: "One definition with its BPMN XML", params: ZIdParams, success: { status: 200, description: "The definition" } },
  { method: "get", path: "/definitions/key/{key}/versions", tag: "definitions", summary: "All versions of a process key, newest first", params: ZKeyParams, success: { status: 200, description: "`{ key, items }`" } },

  { method: "get", path: "/instances", tag: "instances", summary: "Search instances", query: ZSearchInstancesQuery, success: { status: 200, description: "`{ items, nextCursor }`" } },
  { method: "post", path: "/instances", tag: "instances", summary: "Start an instance", body: ZStartInstanceRequest, headers: idempotency, success: { status: 201, description: "The started instance" } },
  { method: "get", path: "/instances/{id}", tag: "instances", summary: "One instance: state, active elements, variables, history, open incidents", params: ZIdParams, success: { status: 200, description: "The instance" } },
  { method: "post", path: "/instances/{id}/cancel", tag: "instances", summary: "Cancel an instance", params: ZIdParams, body: ZCancelInstanceRequest.omit({ instanceId: true }), success: { status: 200, description: "The canceled instance" } },
  { method: "put", path: "/instances/{id}/variables", tag: "instances", summary: "Set variables of an instance (or one of its scopes)", params: ZIdParams, body: ZSetVariablesRequest.omit({ instanceId: true }), success: { status: 200, description: "`{ ok: true }`" } },

  { method: "get", path: "/tasks", tag: "tasks", summary: "Tasks visible to you", query: ZListTasksQuery, success: { status: 200, description: "`{ items, nextCursor }`" } },
  { method: "get", path: "/tasks/{id}", tag: "tasks", summary: "One task", params: ZIdParams, success: { status: 200, description: "The task" } },
  { method: "post", path: "/tasks/{id}/claim", tag: "tasks", summary: "Claim a task", params: ZIdParams, success: { status: 200, description: "The task" } },
  { method: "post", path: "/tasks/{id}/unclaim", tag: "tasks", summary: "Give a claimed task back", params: ZIdParams, success: { status: 200, description: "The task" } },
  { method: "post", path: "/tasks/{id}/delegate", tag: "tasks", summary: "Delegate a task to another user", params: ZIdParams, body: ZDelegateTaskRequest.omit({ taskId: true }), success: { status: 200, description: "The task" } },
  { method: "post", path: "/tasks/{id}/complete", tag: "tasks", summary: "Complete a task with form variables", params: ZIdParams, body: ZCompleteTaskRequest.omit({ taskId: true }), success: { status: 200, description: "The completed task" } },

  { method: "post", path: "/messages", tag: "messages", summary: "Publish / correlate a message", body: ZCorrelateMessageRequest, success: { status: 200, description: "Where the message went" } },

  { method: "get", path: "/incidents", tag: "incidents", summary: "Search incidents", query: ZListIncidentsQuery, success: { status: 200, description: "`{ items, nextCursor }`" } },
  { method: "post", path: "/incidents/{id}/retry", tag: "incidents", summary: "Retry an incident", params: ZIdParams, body: ZRetryIncidentRequest.omit({ incidentId: true }), success: { status: 200, description: "`{ ok: true }`" } },

  { method: "post", path: "/tokens", tag: "tokens", summary: "Create an API token (the secret is returned once)", body: ZCreateTokenRequest, success: { status: 201, description: "The token, with `token` (the secret)" } },
  { method: "get", path: "/tokens", tag: "tokens", summary: "Your API tokens (never the secrets)", success: { status: 200, description: "`{ items }`" } },
  { method: "get", path: "/secrets", tag: "secrets", summary: "Names of the organization's stored secrets (admins; values are never returned)", success: { status: 200, description: "`{ items: [{ name }] }`" } },
  { method: "put", path: "/secrets/{name}", tag: "secrets", summary: "Store a secret for service calls ({{secrets.NAME}}), encrypted with AES-256-GCM", params: ZSecretNameParams, body: ZSetSecretRequest, success: { status: 200, description: "`{ name }`" } },
  { method: "delete", path: "/secrets/{name}", tag: "secrets", summary: "Delete a stored secret", params: ZSecretNameParams, success: { status: 200, description: "`{ name }`" } },
  { method: "delete", path: "/tokens/{id}", tag: "tokens", summary: "Revoke an API token (yours; an admin: any in the organization)", params: ZIdParams, success: { status: 200, description: "The revoked token" } },

  { method: "post", path: "/jobs/activate", tag: "jobs", summary: "Activate jobs of a type for a worker (locked until the deadline); long poll with `requestTimeout` (≤ 60 s)", body: ZActivateJobsRequest, success: { status: 200, description: "`{ jobs: [{ key, type, instanceId, elementId, customHeaders, retries, deadline, variables, … }] }`" } },
  { method: "post", path: "/jobs/{id}/complete", tag: "jobs", summary: "Complete an activated job with result variables", params: ZIdParams, body: ZCompleteJobRequest.omit({ jobId: true }), success: { status: 200, description: "`{ jobId, instanceId, state, retries, deadline }`; 409 when the job is no longer activated (e.g. completed twice) or locked by another worker" } },
  { method: "post", path: "/jobs/{id}/fail", tag: "jobs", summary: "Fail an activated job: retries left → handed out again after `retryBackoff`; 0 → an incident", params: ZIdParams, body: ZFailJobRequest.omit({ jobId: true }), success: { status: 200, description: "The job" } },
  { method: "post", path: "/jobs/{id}/error", tag: "jobs", summary: "Throw a BPMN error from an activated job (caught by a matching boundary error event, else an incident)", params: ZIdParams, body: ZThrowJobErrorRequest.omit({ jobId: true }), success: { status: 200, description: "The job" } },
  { method: "post", path: "/jobs/{id}/unlock", tag: "jobs", summary: "Give an activated job back before its lock ends: activatable again at once, retries unchanged", params: ZIdParams, body: ZUnlockJobRequest.omit({ jobId: true }), success: { status: 200, description: "The job" } },
  { method: "patch", path: "/jobs/{id}", tag: "jobs", summary: "Update a job's retries and/or extend its lock (`timeout` ms from now)", params: ZIdParams, body: ZUpdateJobBody, success: { status: 200, description: "The job" } },
];

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

/** Request side of the schema (query strings before coercion, defaults optional). */
function jsonSchema(schema: ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

function parameters(schema: ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const s = jsonSchema(schema);
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    const { description, ...propSchema } = prop;
    return { name, in: where, required: where === "path" || (s.required ?? []).includes(name), schema: propSchema, ...(description ? { description } : {}) };
  });
}

const ERROR_SCHEMA = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" }, details: { type: "object" } },
      required: ["code", "message", "details"],
    },
  },
  required: ["error"],
};

function operation(op: ApiOperation) {
  const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
  const content: Record<string, { schema: Record<string, unknown> }> = {};
  for (const [type, schema] of Object.entries(op.rawBodies ?? {})) content[type] = { schema };
  if (op.body) content["application/json"] = { schema: jsonSchema(op.body) };
  return {
    summary: op.summary,
    tags: [op.tag],
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/(?:^|[/.-])(\w)/g, (_m, c: string) => c.toUpperCase())}`,
    parameters: [
      ...parameters(op.params, "path"),
      ...parameters(op.query, "query"),
      ...(op.headers ?? []).map((h) => ({ name: h.name, in: "header", required: false, description: h.description, schema: { type: "string", maxLength: 255 } })),
    ],
    ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
    responses: {
      [String(op.success.status)]: { description: op.success.description },
      "400": error("Malformed request; `details.fields` names each bad field"),
      ...(op.public ? {} : { "401": error("No or invalid credentials"), "403": error("Your roles or token scopes do not allow this") }),
      ...(op.params ? { "404": error("Unknown id (or another organization's)") } : {}),
      ...(op.method !== "get" && !op.public ? { "409": error("Conflict (stale state, Idempotency-Key reuse)"), "422": error("Valid request the current state refuses") } : {}),
    },
    ...(op.public ? { security: [] } : {}),
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: "3.1.0",
    info: { title: "Baton REST API", version: "1", description: "Processes, instances, tasks, messages, incidents and API tokens of one organization." },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (`bt_…`): create one with POST /tokens or `npm run token:create`" },
        cookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The browser session" },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}
