"use server";
// The task page's server actions: the session's actor, one command each (through
// server/actions/task-actions.ts, which the tests call directly), then a fresh render of the
// task and the inbox. Every refusal comes back as a result the page shows.
import { revalidatePath } from "next/cache";
import * as core from "@/server/actions/task-actions";
import { currentActor } from "@/server/auth/session";

function fresh<T extends { ok: boolean }>(taskId: string, result: T): T {
  // Even a refusal may mean the task changed under us (claimed or completed elsewhere).
  revalidatePath(`/tasks/${taskId}`);
  revalidatePath("/inbox");
  return result;
}

export async function claimTaskAction(taskId: string) {
  return fresh(taskId, await core.claim(await currentActor(), taskId));
}

export async function unclaimTaskAction(taskId: string) {
  return fresh(taskId, await core.unclaim(await currentActor(), taskId));
}

export async function delegateTaskAction(taskId: string, userId: string) {
  return fresh(taskId, await core.delegate(await currentActor(), taskId, userId));
}

export async function reassignTaskAction(taskId: string, userId: string | null) {
  return fresh(taskId, await core.reassign(await currentActor(), taskId, userId));
}

export async function decideTaskAction(taskId: string, approve: boolean, comment: string) {
  return fresh(taskId, await core.decide(await currentActor(), taskId, { approve, comment }));
}

export async function completeTaskAction(taskId: string, variables: Record<string, unknown>) {
  return fresh(taskId, await core.completeWithVariables(await currentActor(), taskId, variables));
}

export async function searchPeopleAction(q: string) {
  return core.people(await currentActor(), q);
}
