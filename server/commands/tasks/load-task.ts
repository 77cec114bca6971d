import type { Actor } from "../../authz/actor";
import { visibleTasks } from "../../authz/scopes";
import type { Db, Tx } from "../../db/client";
import { BatonError } from "../../errors";
import type { TTaskView } from "./task.types";

/** A task the actor can see, or NOT_FOUND (other tenants' and invisible tasks look the same). */
export async function loadTaskFor(db: Db | Tx, actor: Actor, taskId: string) {
  const task = await db.task.findFirst({ where: { AND: [{ id: taskId }, visibleTasks(actor)] } });
  if (!task) throw new BatonError("NOT_FOUND", `No task ${taskId}.`);
  return task;
}

export function assertOpen(task: { id: string; status: string }): void {
  if (task.status !== "OPEN") throw new BatonError("CONFLICT", `Task ${task.id} is already ${task.status.toLowerCase()}.`, { status: task.status });
}

export function isManager(actor: Actor): boolean {
  return actor.roles.includes("admin") || actor.roles.includes("operator");
}

export function taskView(t: {
  id: string; instanceId: string; elementId: string; name: string; status: TTaskView["status"]; assigneeId: string | null; candidateUsers: string[]; candidateGroups: string[];
  priority: number; dueAt: Date | null; followUpAt: Date | null; formKey: string | null; variables: unknown; outcome: string | null; completedById: string | null; completedAt: Date | null; createdAt: Date;
}): TTaskView {
  return {
    id: t.id, instanceId: t.instanceId, elementId: t.elementId, name: t.name, status: t.status, assigneeId: t.assigneeId, candidateUsers: t.candidateUsers,
    candidateGroups: t.candidateGroups, priority: t.priority, dueAt: t.dueAt?.toISOString() ?? null, followUpAt: t.followUpAt?.toISOString() ?? null, formKey: t.formKey,
    variables: (t.variables ?? {}) as Record<string, unknown>, outcome: t.outcome, completedById: t.completedById, completedAt: t.completedAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(),
  };
}
