"use client";
import { RouteError } from "@/components/requests/route-error";

export default function TaskError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError error={error} reset={reset} what="This task" back={{ href: "/inbox", label: "Back to your inbox" }} />;
}
