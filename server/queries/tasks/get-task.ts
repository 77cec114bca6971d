// One task the actor may see; an invisible task reads exactly like an unknown one.
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { visibleTasks } from "../../authz/scopes";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import type { TTaskView } from "../../commands/tasks/task.types";
// One mapping for commands and queries, so the two answers can never drift apart.
import { taskView } from "../../commands/tasks/load-task";

export async function getTask(actor: Actor, id: string, deps: { db?: Db } = {}): Promise<TTaskView> {
  assertCan(actor, "task.read");
  const row = await (deps.db ?? defaultDb()).task.findFirst({ where: { AND: [visibleTasks(actor), { id }] } });
  if (!row) throw new BatonError("NOT_FOUND", `No task ${id}.`, { id });
  return taskView(row);
}
