import { NotFoundPanel } from "@/components/requests/route-states";

export default function ProcessNotFound() {
  return (
    <NotFoundPanel title="No such process" href="/processes" linkText="See the processes you can start">
      Nothing is deployed under this name in your organization. It may have been renamed, or the link is mistyped.
    </NotFoundPanel>
  );
}
