// The answer of a task server action (server/actions/task-actions.ts returns this shape;
// repeated here because components/ must not import server/).
export interface ActionFailure {
  ok: false;
  code: string;
  message: string;
  fields?: Record<string, string>;
  rule?: string;
}
export type ActionResult = { ok: true } | ActionFailure;

export interface PersonOption {
  id: string;
  name: string;
  email: string;
  groups: string[];
}
export type PeopleResult = { ok: true; value: PersonOption[] } | ActionFailure;

export interface TaskActions {
  claim(taskId: string): Promise<ActionResult>;
  unclaim(taskId: string): Promise<ActionResult>;
  delegate(taskId: string, userId: string): Promise<ActionResult>;
  reassign(taskId: string, userId: string | null): Promise<ActionResult>;
  decide(taskId: string, approve: boolean, comment: string): Promise<ActionResult>;
  complete(taskId: string, variables: Record<string, unknown>): Promise<ActionResult>;
  searchPeople(q: string): Promise<PeopleResult>;
}
