// The task shape of the REST API (TTaskView) from a Task row.
import type { TTaskView } from "../../commands/tasks/task.types";

export interface TaskRow {
  id: string; instanceId: string; elementId: string; name: string; status: TTaskView["status"]; assigneeId: string | null;
  candidateUsers: string[]; candidateGroups: string[]; priority: number; dueAt: Date | null; followUpAt: Date | null;
  formKey: string | null; variables: unknown; outcome: string | null; completedById: string | null; completedAt: Date | null; createdAt: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function taskView(t: TaskRow): TTaskView {
  return {
    id: t.id,
    instanceId: t.instanceId,
    elementId: t.elementId,
    name: t.name,
    status: t.status,
    assigneeId: t.assigneeId,
    candidateUsers: t.candidateUsers,
    candidateGroups: t.candidateGroups,
    priority: t.priority,
    dueAt: iso(t.dueAt),
    followUpAt: iso(t.followUpAt),
    formKey: t.formKey,
    variables: (t.variables ?? {}) as Record<string, unknown>,
    outcome: t.outcome,
    completedById: t.completedById,
    completedAt: iso(t.completedAt),
    createdAt: t.createdAt.toISOString(),
  };
}
