import { NotFoundPanel } from "@/components/requests/route-states";

export default function RequestNotFound() {
  return (
    <NotFoundPanel title="Request not found" href="/processes" linkText="Start a new request">
      There is no request at this address that you can see. You can follow the requests you started and those you work on; check the link, or find yours in your inbox.
    </NotFoundPanel>
  );
}
