import { PageSkeleton } from "@/components/requests/route-states";

export default function Loading() {
  return <PageSkeleton label="Loading the process…" />;
}
