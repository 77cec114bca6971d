// The user-task attributes Baton (`baton:`) and Camunda 7 (`camunda:`) spell the same way:
// assignee, candidate users/groups, due and follow-up dates, priority.
import type { ModdleElement } from "bpmn-moddle";
import type { UserTaskDef } from "../../model/types";
import type { Diagnostics } from "../diagnostics";
import { integerToFeel, listToFeel, valueToFeel } from "../expressions";
import { attr } from "../moddle";

export function readAssignmentAttributes(el: ModdleElement, prefix: "baton" | "camunda", diag: Diagnostics): UserTaskDef {
  const out: UserTaskDef = {};
  const read = (name: string) => attr(el, `${prefix}:${name}`);
  const site = (what: string) => ({ el, what: `${prefix}:${what}` });
  const assignee = read("assignee");
  if (assignee) out.assignee = valueToFeel(assignee, site("assignee"), diag);
  const users = read("candidateUsers");
  if (users) out.candidateUsers = listToFeel(users, site("candidateUsers"), diag);
  const groups = read("candidateGroups");
  if (groups) out.candidateGroups = listToFeel(groups, site("candidateGroups"), diag);
  const due = read("dueDate");
  if (due) out.dueDate = valueToFeel(due, site("dueDate"), diag);
  const followUp = read("followUpDate");
  if (followUp) out.followUpDate = valueToFeel(followUp, site("followUpDate"), diag);
  const priority = read("priority");
  if (priority) out.priority = integerToFeel(priority, site("priority"), diag);
  return out;
}
