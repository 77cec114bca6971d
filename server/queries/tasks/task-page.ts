// Everything the task page shows, for a task the actor may see: the task, its instance's
// context (process, business key, starter, diagram state) and who may do what. Seeing a task
// is what grants this context — plain users cannot read instances, but they may see the case
// behind a task offered to them. An invisible task and another organization's read as NOT_FOUND.
import { excludingRule, type CompiledModel, type InstanceState } from "../../../engine";
import type { Actor } from "../../authz/actor";
import { assertCan, can } from "../../authz/assert-can";
import { visibleTasks } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { isManager, taskView } from "../../commands/tasks/load-task";
import { SOD_MESSAGES } from "../../commands/tasks/separation-of-duties";
import type { TTaskView } from "../../commands/tasks/task.types";
import { resolveFormRef } from "../../forms/resolve-form";
import { activeElements } from "../instances/get-instance";
import { instanceTimeline, type TimelineEntry } from "../timeline/instance-timeline";
import { decisionVariable, type DecisionVariable } from "./decision-variable";

export interface TPerson {
  id: string;
  name: string;
}

export interface TTaskPage {
  task: TTaskView;
  assignee: TPerson | null;
  /** Candidate groups and users by name (whom an unclaimed task is offered to). */
  offeredTo: string[];
  completedBy: TPerson | null;
  instance: {
    id: string;
    businessKey: string | null;
    status: string;
    startedAt: string;
    endedAt: string | null;
    startedBy: TPerson | null;
  };
  definition: { id: string; key: string; name: string; version: number; bpmnXml: string };
  diagram: { active: string[]; completed: string[] };
  /** The task's Camunda form, when it names one Baton hosts; null: the generic form. */
  form: { formId: string | null; version: number | null; schema: Record<string, unknown> } | null;
  /** The yes/no variable the model branches on after this task (Approve / Reject), if any. */
  decision: DecisionVariable | null;
  /** Why the actor may not work this task (separation of duties), or null. */
  sodReason: string | null;
  /** Earlier steps of the case (one timeline read model for every screen). */
  timeline: TimelineEntry[];
  may: { claim: boolean; unclaim: boolean; complete: boolean; delegate: boolean; reassign: boolean; editVariables: boolean };
}

async function people(db: Db, organizationId: string, ids: (string | null | undefined)[]): Promise<Map<string, TPerson>> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (wanted.length === 0) return new Map();
  const rows = await db.user.findMany({ where: { organizationId, id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r]));
}

export async function getTaskPage(actor: Actor, id: string, deps: { db?: Db } = {}): Promise<TTaskPage> {
  assertCan(actor, "task.read");
  const db = deps.db ?? defaultDb();
  const row = await db.task.findFirst({
    where: { AND: [visibleTasks(actor), { id }] },
    include: {
      instance: {
        select: {
          id: true, businessKey: true, status: true, startedAt: true, endedAt: true, startedById: true, state: true,
          definition: { select: { id: true, key: true, name: true, version: true, bpmnXml: true, model: true } },
        },
      },
    },
  });
  if (!row) throw new BatonError("NOT_FOUND", `No task ${id}.`, { id });
  const { instance } = row;
  const model = instance.definition.model as unknown as CompiledModel;
  const [names, groups, transitions, timeline, form] = await Promise.all([
    people(db, actor.organizationId, [row.assigneeId, row.completedById, instance.startedById, ...row.candidateUsers]),
    row.candidateGroups.length
      ? db.group.findMany({ where: { organizationId: actor.organizationId, key: { in: row.candidateGroups } }, select: { key: true, name: true } })
      : [],
    db.auditEvent.findMany({
      where: { organizationId: actor.organizationId, instanceId: instance.id, type: "element.transition", payload: { path: ["transition"], equals: "completed" } },
      distinct: ["elementId"],
      select: { elementId: true },
      take: 2000,
    }),
    instanceTimeline(db, actor.organizationId, instance.id),
    resolveFormRef(db, actor.organizationId, row.formKey),
  ]);
  const active = [...new Set(activeElements(instance.state).tokens.map((t) => t.elementId).filter(Boolean))];
  const completed = transitions.map((t) => t.elementId).filter((e): e is string => !!e && !active.includes(e));

  const open = row.status === "OPEN";
  const mine = row.assigneeId === actor.userId;
  // The same rules, in the same order, as the commands' separation-of-duties check: the page
  // says why up front, and the command refuses anyway if the page is ever wrong.
  const rule = open
    ? excludingRule(model, instance.state as unknown as InstanceState, row.elementId, actor.userId) ?? (row.excludedUsers.includes(actor.userId) ? "excludeParticipantsOf" : null)
    : null;
  const excluded = rule !== null;
  const sodReason = rule ? SOD_MESSAGES[rule] : null;
  const manager = isManager(actor);
  return {
    task: taskView(row),
    assignee: row.assigneeId ? names.get(row.assigneeId) ?? { id: row.assigneeId, name: row.assigneeId } : null,
    offeredTo: [
      ...row.candidateGroups.map((g) => groups.find((x) => x.key === g)?.name ?? g),
      ...row.candidateUsers.map((u) => names.get(u)?.name ?? u),
    ],
    completedBy: row.completedById ? names.get(row.completedById) ?? { id: row.completedById, name: row.completedById } : null,
    instance: {
      id: instance.id,
      businessKey: instance.businessKey,
      status: instance.status,
      startedAt: instance.startedAt.toISOString(),
      endedAt: instance.endedAt?.toISOString() ?? null,
      startedBy: instance.startedById ? names.get(instance.startedById) ?? { id: instance.startedById, name: instance.startedById } : null,
    },
    definition: { id: instance.definition.id, key: instance.definition.key, name: instance.definition.name, version: instance.definition.version, bpmnXml: instance.definition.bpmnXml },
    diagram: { active: open ? [row.elementId, ...active.filter((e) => e !== row.elementId)] : active, completed },
    form,
    decision: decisionVariable(model, row.elementId),
    sodReason,
    timeline,
    // What the page offers; each action's command checks again (the page is never the guard).
    may: {
      claim: open && !row.assigneeId && !excluded && can(actor, "task.claim"),
      unclaim: open && !!row.assigneeId && (mine || manager) && can(actor, "task.claim"),
      // Unclaimed work is claimed first, so two people never fill in the same form at once.
      complete: open && !excluded && (mine || manager) && can(actor, "task.complete"),
      delegate: open && (mine || !row.assigneeId || manager) && can(actor, "task.delegate"),
      reassign: open && can(actor, "task.assign"),
      editVariables: actor.roles.some((r) => r === "designer" || r === "admin"),
    },
  };
}
