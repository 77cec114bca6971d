// User tasks of the Camunda 8 API: search (filter/page/sort basics), assign, unassign, complete.
import type { z } from "zod";
import type { Actor } from "../../authz/actor";
import { claimTask } from "../../commands/tasks/claim-task";
import { completeTask } from "../../commands/tasks/complete-task";
import { delegateTask } from "../../commands/tasks/delegate-task";
import type { TTaskView } from "../../commands/tasks/task.types";
import { unclaimTask } from "../../commands/tasks/unclaim-task";
import { BatonError, isBatonError } from "../../errors";
import { instanceDefinitions } from "../../queries/instances/instance-definitions";
import { MAX_LIMIT } from "../../queries/paging";
import { getTask } from "../../queries/tasks/get-task";
import { listTasks, type TListTasksQuery } from "../../queries/tasks/list-tasks";
import { batonIdFor, keysFor } from "./keys";
import { DEFAULT_TENANT, unsupported, type ZAssignUserTaskBody, type ZCompleteUserTaskBody, type ZSearchUserTasksBody } from "./schemas";
import { parseFormKey } from "../../forms/resolve-form";

type SearchBody = NonNullable<z.infer<typeof ZSearchUserTasksBody>>;
type Filter = NonNullable<SearchBody["filter"]>;

const STATE_TO_BATON: Record<string, TTaskView["status"] | null> = { CREATED: "OPEN", COMPLETED: "COMPLETED", CANCELED: "CANCELED" };
const STATE_TO_CAMUNDA: Record<TTaskView["status"], string> = { OPEN: "CREATED", COMPLETED: "COMPLETED", CANCELED: "CANCELED" };
const FILTERS = new Set(["state", "assignee", "candidateGroup", "elementId", "processDefinitionId", "processInstanceKey", "userTaskKey", "tenantId"]);

/** Baton's cursors are base64url; Camunda's clients check cursors against standard base64. */
export function toCamundaCursor(cursor: string): string {
  const b64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
  return b64 + "=".repeat((4 - (b64.length % 4)) % 4);
}
export function fromCamundaCursor(cursor: string): string {
  return cursor.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A string filter: the value, `{ $eq }`, or `{ $exists: false }` (assignee only: unassigned). */
function stringFilter(field: string, f: unknown, allowMissing = false): string | undefined {
  if (f === undefined) return undefined;
  if (typeof f === "string") return f;
  const o = f as Record<string, unknown>;
  const ops = Object.keys(o);
  if (ops.length === 1 && typeof o.$eq === "string") return o.$eq;
  if (allowMissing && ops.length === 1 && o.$exists === false) return "none";
  throw unsupported(`filter.${field}`, `the operators ${ops.join(", ")} (only a value or $eq)`);
}

class NoMatch extends Error {}

async function toBatonQuery(actor: Actor, filter: Filter | null | undefined): Promise<Partial<TListTasksQuery>> {
  if (!filter) return {};
  const extra = Object.keys(filter).filter((k) => !FILTERS.has(k));
  if (extra.length) throw unsupported(`filter.${extra[0]}`, "this user task filter");
  const q: Partial<TListTasksQuery> = {};
  const state = stringFilter("state", filter.state);
  if (state !== undefined) {
    const s = STATE_TO_BATON[state];
    // CREATING, ASSIGNING, COMPLETING… are Zeebe's transitions: a Baton task is never in one.
    if (!s) throw new NoMatch();
    q.status = s;
  }
  const assignee = stringFilter("assignee", filter.assignee, true);
  if (assignee !== undefined) q.assignee = assignee === actor.email ? actor.userId : assignee;
  const group = stringFilter("candidateGroup", filter.candidateGroup);
  if (group !== undefined) q.candidateGroup = group;
  const tenant = stringFilter("tenantId", filter.tenantId);
  if (tenant !== undefined && tenant !== DEFAULT_TENANT) throw new NoMatch();
  if (filter.elementId) q.elementId = filter.elementId;
  if (filter.processDefinitionId) q.processKey = filter.processDefinitionId;
  if (filter.processInstanceKey) {
    try {
      q.instanceId = await batonIdFor(actor.organizationId, "instance", filter.processInstanceKey);
    } catch (err) {
      if (isBatonError(err) && err.code === "NOT_FOUND") throw new NoMatch();
      throw err;
    }
  }
  return q;
}

async function toCamundaTasks(actor: Actor, tasks: TTaskView[]) {
  const org = actor.organizationId;
  const instanceIds = tasks.map((t) => t.instanceId);
  const [defs, taskKeys, instanceKeys] = await Promise.all([instanceDefinitions(actor, instanceIds), keysFor(org, "task", tasks.map((t) => t.id)), keysFor(org, "instance", instanceIds)]);
  const definitionKeys = await keysFor(org, "definition", [...defs.values()].map((d) => d.definitionId));
  return tasks.map((t) => {
    const d = defs.get(t.instanceId);
    return {
      name: t.name,
      state: STATE_TO_CAMUNDA[t.status],
      ...(t.assigneeId ? { assignee: t.assigneeId } : {}),
      elementId: t.elementId,
      candidateGroups: t.candidateGroups,
      candidateUsers: t.candidateUsers,
      ...(d ? { processDefinitionId: d.key, processDefinitionVersion: d.version, processName: d.name, processDefinitionKey: definitionKeys.get(d.definitionId)! } : {}),
      creationDate: t.createdAt,
      ...(t.completedAt ? { completionDate: t.completedAt } : {}),
      ...(t.followUpAt ? { followUpDate: t.followUpAt } : {}),
      ...(t.dueAt ? { dueDate: t.dueAt } : {}),
      tenantId: DEFAULT_TENANT,
      // Baton names a task's form by a string key (the column holds the engine's FormRef as JSON);
      // Camunda's formKey is a deployed form's numeric key, so the modelled key goes here
      ...(parseFormKey(t.formKey)?.key ? { externalFormReference: parseFormKey(t.formKey)!.key } : {}),
      priority: Math.min(100, Math.max(0, t.priority)),
      userTaskKey: taskKeys.get(t.id)!,
      processInstanceKey: instanceKeys.get(t.instanceId)!,
    };
  });
}

export async function searchCamundaUserTasks(actor: Actor, body: z.infer<typeof ZSearchUserTasksBody>) {
  const b: SearchBody = body ?? {};
  const page = b.page ?? {};
  if (page.from) throw unsupported("page.from", "offset paging (page with `after` and the previous answer's endCursor)");
  if (page.before) throw unsupported("page.before", "paging backwards");
  for (const s of b.sort ?? []) {
    if (s.field !== "creationDate" || (s.order && s.order.toUpperCase() !== "DESC")) throw unsupported("sort", `sorting by ${s.field} ${s.order ?? "ASC"} (tasks come newest first: creationDate DESC)`);
  }
  const limit = Math.min(page.limit ?? 100, MAX_LIMIT);
  const empty = { items: [], page: { totalItems: 0 } };
  let tasks: TTaskView[];
  let nextCursor: string | null = null;
  try {
    if (b.filter?.userTaskKey) {
      if (Object.keys(b.filter).length > 1) throw unsupported("filter.userTaskKey", "userTaskKey combined with other filters");
      tasks = [await getTask(actor, await batonIdFor(actor.organizationId, "task", b.filter.userTaskKey))];
    } else {
      const r = await listTasks(actor, { ...(await toBatonQuery(actor, b.filter)), limit, ...(page.after ? { cursor: fromCamundaCursor(page.after) } : {}) });
      tasks = r.items;
      nextCursor = r.nextCursor;
    }
  } catch (err) {
    if (err instanceof NoMatch) return empty;
    if (isBatonError(err) && err.code === "NOT_FOUND" && b.filter?.userTaskKey) return empty;
    throw err;
  }
  const items = await toCamundaTasks(actor, tasks);
  // Baton pages by keyset and does not count: totalItems is what was returned so far, and
  // hasMoreTotalItems says a next page exists (fetch it with `after: endCursor`).
  return {
    items,
    page: { totalItems: items.length, ...(nextCursor ? { hasMoreTotalItems: true, endCursor: toCamundaCursor(nextCursor) } : {}) },
  };
}

const taskIdFor = (actor: Actor, userTaskKey: string) => batonIdFor(actor.organizationId, "task", userTaskKey);

/** Camunda assignees are user names; Baton's are user ids (a caller's own email is accepted too). */
export async function assignCamundaUserTask(actor: Actor, userTaskKey: string, body: z.infer<typeof ZAssignUserTaskBody>): Promise<void> {
  const taskId = await taskIdFor(actor, userTaskKey);
  const target = body.assignee === actor.email ? actor.userId : body.assignee;
  const task = await getTask(actor, taskId);
  if (task.assigneeId === target) return;
  if (task.assigneeId && body.allowOverride === false) {
    throw new BatonError("CONFLICT", `User task ${userTaskKey} is already assigned to ${task.assigneeId}; send allowOverride true to reassign it.`);
  }
  if (target === actor.userId && !task.assigneeId) await claimTask(actor, { taskId });
  else await delegateTask(actor, { taskId, userId: target });
}

export async function unassignCamundaUserTask(actor: Actor, userTaskKey: string): Promise<void> {
  await unclaimTask(actor, { taskId: await taskIdFor(actor, userTaskKey) });
}

export async function completeCamundaUserTask(actor: Actor, userTaskKey: string, body: z.infer<typeof ZCompleteUserTaskBody>): Promise<void> {
  await completeTask(actor, { taskId: await taskIdFor(actor, userTaskKey), variables: body.variables, ...(body.action ? { outcome: body.action.slice(0, 100) } : {}) });
}
