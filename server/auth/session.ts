// The signed-in actor for pages, server actions and route handlers.
import { getServerSession } from "next-auth";
import { cache } from "react";
import type { Actor } from "../authz/actor";
import { db } from "../db/client";
import { loadActor } from "./load-actor";
import { authOptions } from "./options";

export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return loadActor(db(), id, "session");
});
