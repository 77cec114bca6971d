"use client";
import { RouteError } from "@/components/requests/route-error";

export default function InboxError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError error={error} reset={reset} what="Your inbox" back={{ href: "/processes", label: "Start a request instead" }} />;
}
