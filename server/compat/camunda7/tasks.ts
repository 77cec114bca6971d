// User tasks: `GET /task` (a few filters), claim, unclaim and complete, over Baton's task
// queries and commands. Camunda 7 user ids are Baton user ids.
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { isBatonError } from "../../errors";
import { claimTask } from "../../commands/tasks/claim-task";
import { completeTask } from "../../commands/tasks/complete-task";
import { unclaimTask } from "../../commands/tasks/unclaim-task";
import type { TTaskView } from "../../commands/tasks/task.types";
import { getInstance } from "../../queries/instances/get-instance";
import { listTasks } from "../../queries/tasks/list-tasks";
import { MAX_LIMIT } from "../../queries/paging";
import { c7Date } from "./dates";
import { C7Error, invalidRequest, type ErrorStyle } from "./errors";
import { parseC7 } from "./route";
import { fromTypedVariables, toTypedVariables, ZTypedVariables } from "./variables";
import { parseFormKey } from "../../forms/resolve-form";

export const taskErrors: ErrorStyle = {
  CONFLICT: (err) => {
    // A completed or canceled task no longer exists for Camunda 7.
    if (err.details.status === "COMPLETED" || err.details.status === "CANCELED") return new C7Error(404, "InvalidRequestException", err.message);
    if (/claimed by someone else/.test(err.message)) return new C7Error(500, "TaskAlreadyClaimedException", err.message);
    return new C7Error(500, "ProcessEngineException", err.message);
  },
};

const SUPPORTED = new Set(["processInstanceId", "assignee", "candidateGroup", "taskDefinitionKey", "unassigned", "firstResult", "maxResults", "sortBy", "sortOrder"]);

const ZTaskQuery = z.object({
  processInstanceId: z.string().min(1).max(255).optional(),
  assignee: z.string().min(1).max(255).optional(),
  candidateGroup: z.string().min(1).max(255).optional(),
  taskDefinitionKey: z.string().min(1).max(255).optional(),
  unassigned: z.enum(["true", "false"]).optional(),
  firstResult: z.coerce.number().int().min(0).optional(),
  maxResults: z.coerce.number().int().min(0).optional(),
  // Baton lists tasks newest first; that is the one order it offers.
  sortBy: z.literal("created", { message: "Baton sorts tasks by created only" }).optional(),
  sortOrder: z.literal("desc", { message: "Baton sorts tasks newest first (desc) only" }).optional(),
});

function taskDto(t: TTaskView, definitionId: string | null) {
  return {
    id: t.id,
    name: t.name,
    assignee: t.assigneeId,
    owner: null,
    created: c7Date(t.createdAt),
    lastUpdated: null,
    due: c7Date(t.dueAt),
    followUp: c7Date(t.followUpAt),
    delegationState: null,
    description: null,
    executionId: t.instanceId,
    parentTaskId: null,
    priority: t.priority,
    processDefinitionId: definitionId,
    processInstanceId: t.instanceId,
    caseExecutionId: null,
    caseDefinitionId: null,
    caseInstanceId: null,
    taskDefinitionKey: t.elementId,
    suspended: false,
    // the column holds the engine's FormRef as JSON; Camunda 7 clients expect the key as modelled
    formKey: parseFormKey(t.formKey)?.key ?? null,
    camundaFormRef: null,
    tenantId: null,
  };
}

export async function queryTasks(actor: Actor, request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const unknown = Object.keys(params).filter((k) => !SUPPORTED.has(k));
  if (unknown.length) throw invalidRequest(`Baton supports the task filters ${[...SUPPORTED].join(", ")}; not: ${unknown.join(", ")}.`);
  const q = parseC7(ZTaskQuery, params);
  if (q.assignee && q.unassigned === "true") return [];
  const first = q.firstResult ?? 0;
  const max = q.maxResults ?? Number.POSITIVE_INFINITY;
  // Camunda 7 pages by offset; Baton by cursor: walk Baton's pages up to the wanted window.
  const wanted: TTaskView[] = [];
  let cursor: string | undefined;
  for (let seen = 0; wanted.length < max; ) {
    const page = await listTasks(actor, {
      status: "OPEN",
      limit: MAX_LIMIT,
      ...(cursor ? { cursor } : {}),
      ...(q.assignee ? { assignee: q.assignee } : q.unassigned === "true" ? { assignee: "none" } : {}),
      ...(q.candidateGroup ? { candidateGroup: q.candidateGroup } : {}),
      ...(q.processInstanceId ? { instanceId: q.processInstanceId } : {}),
      ...(q.taskDefinitionKey ? { elementId: q.taskDefinitionKey } : {}),
    });
    for (const t of page.items) if (seen++ >= first && wanted.length < max) wanted.push(t);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const definitions = new Map<string, string | null>();
  for (const t of wanted) {
    if (definitions.has(t.instanceId)) continue;
    const inst = await getInstance(actor, t.instanceId).catch(() => null);
    definitions.set(t.instanceId, inst?.definitionId ?? null);
  }
  return wanted.map((t) => taskDto(t, definitions.get(t.instanceId) ?? null));
}

export const ZClaim = z.object({ userId: z.string().min(1, "userId is required").max(255) });

export async function claim(actor: Actor, taskId: string, input: z.infer<typeof ZClaim>) {
  if (input.userId !== actor.userId && input.userId.toLowerCase() !== actor.email.toLowerCase()) {
    throw invalidRequest(`Baton lets a user claim a task only for themself: userId must be ${actor.userId} (the caller). An operator assigns tasks to others in Baton's API.`);
  }
  await claimTask(actor, { taskId });
}

export async function unclaim(actor: Actor, taskId: string) {
  try {
    await unclaimTask(actor, { taskId });
  } catch (err) {
    // Camunda 7 unclaims an unassigned task without complaint.
    if (!(isBatonError(err) && err.code === "CONFLICT" && /is not claimed/.test(err.message))) throw err;
  }
}

export const ZCompleteTask = z.object({ variables: ZTypedVariables.nullish(), withVariablesInReturn: z.boolean().nullish() });

export async function complete(actor: Actor, taskId: string, input: z.infer<typeof ZCompleteTask>) {
  const done = await completeTask(actor, { taskId, variables: fromTypedVariables(input.variables) });
  if (!input.withVariablesInReturn) return new Response(null, { status: 204 });
  return toTypedVariables(done.variables);
}
