"use client";
import { RouteError } from "@/components/requests/route-error";

export default function ProcessError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError error={error} reset={reset} what="This process" back={{ href: "/processes", label: "All processes" }} />;
}
