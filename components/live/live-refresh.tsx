"use client";
// Keeps the current page fresh: one EventSource per tab (mounted by the app layout). On a change
// the page's server components are re-fetched (router.refresh keeps client state such as a
// half-filled form); bursts are folded into one refresh. After a dropped connection the browser
// reconnects by itself and the page re-fetches once to catch up.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const FOLD_MS = 50;

export function LiveRefresh() {
  const router = useRouter();
  const [state, setState] = useState<"connecting" | "live" | "offline">("connecting");
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const es = new EventSource("/api/live");
    let timer: ReturnType<typeof setTimeout> | undefined;
    let readyOnce = false;
    const refresh = () => {
      // when the last notice arrived (epoch ms): lets a test tell the stream's delay from the re-render's
      document.documentElement.dataset.liveNoticeAt = String(Date.now());
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        router.refresh();
      }, FOLD_MS);
    };
    es.addEventListener("ready", () => {
      setState("live");
      if (readyOnce) refresh(); // a reconnect: notices may have been missed
      readyOnce = true;
    });
    es.addEventListener("change", refresh);
    es.addEventListener("resync", refresh);
    es.onerror = () => setState(es.readyState === EventSource.CLOSED ? "offline" : "connecting");
    return () => {
      es.close();
      if (timer) clearTimeout(timer);
    };
  }, [router]);
  return <span className="sr-only" role="status" data-live={state}>{state === "live" ? "Live updates on" : state === "offline" ? "Live updates off" : ""}</span>;
}
