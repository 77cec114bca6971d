"use server";
// The start page's server actions: the session's actor, one command each (through
// server/actions/start-actions.ts, which the tests call directly); on success, the new
// request's page. A refusal comes back as a result the form shows at its fields.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import * as core from "@/server/actions/start-actions";
import { currentActor } from "@/server/auth/session";

export async function startRequestAction(key: string, input: { businessKey?: string; variables?: Record<string, unknown> }) {
  const result = await core.startRequest(await currentActor(), key, input);
  if (!result.ok) return result;
  revalidatePath("/inbox");
  revalidatePath(`/processes/${key}`);
  // Outside any try: redirect() works by throwing.
  redirect(`/requests/${result.value.instanceId}`);
}

export async function triggerMessageStartAction(key: string, input: { messageName: string; businessKey?: string }) {
  const result = await core.triggerMessageStart(await currentActor(), key, input);
  if (!result.ok || !result.value.instanceId) return result;
  revalidatePath("/inbox");
  redirect(`/requests/${result.value.instanceId}`);
}
