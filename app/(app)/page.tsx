import { requirePage } from "@/server/auth/guard";
import { navigationFor } from "@/server/authz/permissions";
import { redirect } from "next/navigation";

// Home sends each person to the first screen their roles allow.
export default async function Home() {
  const actor = await requirePage("/");
  const first = navigationFor(actor.roles)[0];
  redirect(first ? first.href : "/no-access");
}
