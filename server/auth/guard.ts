// Page-level access: every page.tsx calls requirePage() itself (never only the layout).
import { forbidden, redirect } from "next/navigation";
import type { Actor } from "../authz/actor";
import { can } from "../authz/assert-can";
import type { Action } from "../authz/permissions";
import { currentActor } from "./session";

export async function requirePage(path: string, action?: Action): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  if (action && !can(actor, action)) forbidden();
  return actor;
}
