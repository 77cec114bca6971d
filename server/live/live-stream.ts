// The SSE response of app/api/live: authorized like the inbox (task.list), a heartbeat so
// proxies keep the connection, and `retry` so the browser reconnects quickly; on reconnect the
// client re-fetches once (it cannot know what it missed), never in a loop.
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/assert-can";
import { subscribeLive, type LiveEvent } from "./live-hub";

const HEARTBEAT_MS = 20_000;

export function liveStream(actor: Actor, signal: AbortSignal): Response {
  assertCan(actor, "task.list");
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let id = 0;
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const send = (event: LiveEvent) => {
        id += 1;
        const data = event.type === "change" ? { taskIds: event.taskIds, instanceIds: event.instanceIds } : {};
        write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const unsubscribe = subscribeLive(actor, send);
      const heartbeat = setInterval(() => write(`: ping\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", cleanup, { once: true });
      write(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
