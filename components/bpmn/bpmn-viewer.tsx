"use client";
// THE read-only diagram of Baton: task page, request page, process page, operations console
// and diff all use this one component. bpmn-js is loaded only in the browser, inside an
// effect, so pages stay server components and the ~200 KB viewer is its own chunk.
// Overlays (state markers, count badges) are props, so every screen draws them the same way.
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css";
import "./bpmn-viewer.css";
import { useEffect, useMemo, useRef, useState } from "react";

export interface BpmnViewerProps {
  xml: string;
  /** Elements where the instance is now (a waiting task, a running service call). */
  active?: string[];
  /** Elements and sequence flows already passed. */
  completed?: string[];
  /** Elements with an open incident. */
  incidents?: string[];
  /** A number badge per element (tokens, open tasks, a heatmap's counts). */
  counts?: Record<string, number>;
  className?: string;
  ariaLabel?: string;
}

// The parts of bpmn-js this component uses; typed locally so the module stays lazily imported.
interface Canvas {
  zoom(scale?: number | "fit-viewport", center?: "auto" | { x: number; y: number }): number;
  viewbox(box?: { x: number; y: number; width: number; height: number }): { outer: { width: number; height: number } };
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  resized(): void;
}
interface Overlays {
  add(id: string, type: string, overlay: { position: { top?: number; right?: number; bottom?: number; left?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface ElementRegistry {
  get(id: string): { businessObject?: { name?: string }; x?: number; y?: number; width?: number; height?: number } | undefined;
}
interface Viewer {
  importXML(xml: string): Promise<{ warnings: unknown[] }>;
  get(name: "canvas"): Canvas;
  get(name: "overlays"): Overlays;
  get(name: "elementRegistry"): ElementRegistry;
  destroy(): void;
}

type Status = { kind: "loading" } | { kind: "ready" } | { kind: "error"; message: string };

const MARKERS = { active: "baton-active", completed: "baton-completed", incidents: "baton-incident" } as const;
const ZOOM_STEP = 1.25;
// Below this scale labels are unreadable (a wide model on a phone): show the current step instead.
const READABLE_SCALE = 0.6;

/** Fit the whole diagram with a margin; if that makes it unreadably small, centre the focus at a readable size. */
function fitView(v: Viewer, focus: string[]): void {
  const canvas = v.get("canvas");
  canvas.zoom("fit-viewport", "auto");
  const fitted = canvas.zoom();
  canvas.zoom(fitted * 0.94, "auto"); // labels sit outside shapes' bounds: keep them in view
  const el = focus.map((id) => v.get("elementRegistry").get(id)).find((e) => e && typeof e.x === "number");
  if (fitted >= READABLE_SCALE || !el) return;
  const { outer } = canvas.viewbox();
  const width = outer.width / READABLE_SCALE;
  const height = outer.height / READABLE_SCALE;
  const cx = (el.x ?? 0) + (el.width ?? 0) / 2;
  const cy = (el.y ?? 0) + (el.height ?? 0) / 2;
  canvas.viewbox({ x: cx - width / 2, y: cy - height / 2, width, height });
}

function errorText(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  // moddle's messages carry the whole offending line; the first sentence is what a person needs.
  return raw.split("\n")[0].slice(0, 300) || "unknown error";
}

export function BpmnViewer({ xml, active = [], completed = [], incidents = [], counts = {}, className = "", ariaLabel = "Process diagram" }: BpmnViewerProps) {
  const host = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const viewer = useRef<Viewer | null>(null);
  // Re-fit on resize only until the person zooms themselves.
  const userZoomed = useRef(false);
  // What to centre on when the whole diagram would be too small to read.
  const focus = useRef<string[]>([]);
  focus.current = [...incidents, ...active];
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  const [names, setNames] = useState<Record<string, string>>({});

  // Props arrive as fresh arrays on every render; compare their contents, not identities.
  const overlayKey = JSON.stringify([active, completed, incidents, counts]);
  const overlay = useMemo(() => {
    const [a, c, i, n] = JSON.parse(overlayKey) as [string[], string[], string[], Record<string, number>];
    return { active: a, completed: c, incidents: i, counts: n };
  }, [overlayKey]);

  useEffect(() => {
    let cancelled = false;
    setStatus({ kind: "loading" });
    userZoomed.current = false;
    (async () => {
      try {
        const { default: NavigatedViewer } = await import("bpmn-js/lib/NavigatedViewer");
        if (cancelled || !host.current) return;
        const v = new NavigatedViewer({ container: host.current }) as unknown as Viewer;
        viewer.current?.destroy();
        viewer.current = v;
        await v.importXML(xml);
        if (cancelled) return;
        fitView(v, focus.current);
        setStatus({ kind: "ready" });
      } catch (e) {
        if (!cancelled) setStatus({ kind: "error", message: errorText(e) });
      }
    })();
    return () => {
      cancelled = true;
      viewer.current?.destroy();
      viewer.current = null;
    };
  }, [xml]);

  // Markers and badges follow the props without re-importing the diagram.
  useEffect(() => {
    const v = viewer.current;
    if (status.kind !== "ready" || !v) return;
    const canvas = v.get("canvas");
    const overlays = v.get("overlays");
    const registry = v.get("elementRegistry");
    const applied: [string, string][] = [];
    for (const [key, marker] of Object.entries(MARKERS)) {
      for (const id of overlay[key as keyof typeof MARKERS]) {
        if (!registry.get(id)) continue; // an id from another version of the model
        canvas.addMarker(id, marker);
        applied.push([id, marker]);
      }
    }
    for (const [id, n] of Object.entries(overlay.counts)) {
      if (!registry.get(id) || !n) continue;
      const badge = document.createElement("span");
      badge.className = `baton-count${overlay.incidents.includes(id) ? " baton-count-incident" : ""}`;
      badge.textContent = String(n);
      badge.setAttribute("aria-hidden", "true");
      overlays.add(id, "baton-count", { position: { bottom: 12, right: 12 }, html: badge });
    }
    const labels: Record<string, string> = {};
    for (const id of [...overlay.active, ...overlay.incidents, ...Object.keys(overlay.counts)]) {
      labels[id] = registry.get(id)?.businessObject?.name || id;
    }
    setNames(labels);
    return () => {
      try {
        for (const [id, marker] of applied) canvas.removeMarker(id, marker);
        overlays.remove({ type: "baton-count" });
      } catch {
        // the viewer was destroyed first (new XML or unmount): nothing left to clear
      }
    };
  }, [status, overlay]);

  // A phone turned sideways or a sidebar opening: fit again unless the person zoomed.
  useEffect(() => {
    const el = frame.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => {
      const v = viewer.current;
      if (!v) return;
      const canvas = v.get("canvas");
      canvas.resized();
      if (!userZoomed.current) fitView(v, focus.current);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // The page should scroll when the wheel passes over the diagram; ctrl/⌘ + wheel still zooms.
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) e.stopPropagation();
      else userZoomed.current = true;
    };
    el.addEventListener("wheel", onWheel, { capture: true });
    return () => el.removeEventListener("wheel", onWheel, { capture: true });
  }, []);

  function zoom(by: "in" | "out" | "fit") {
    const canvas = viewer.current?.get("canvas");
    if (!canvas) return;
    if (by === "fit") {
      // The button shows the whole process, however small; the person asked for it.
      userZoomed.current = true;
      canvas.zoom("fit-viewport", "auto");
      canvas.zoom(canvas.zoom() * 0.94, "auto");
      return;
    }
    userZoomed.current = true;
    const current = canvas.zoom();
    canvas.zoom(by === "in" ? current * ZOOM_STEP : current / ZOOM_STEP, "auto");
  }

  const summary = describe(overlay, names);
  const showLegend = overlay.active.length + overlay.completed.length + overlay.incidents.length > 0;

  return (
    <figure
      ref={frame}
      className={`baton-bpmn relative overflow-hidden rounded-xl border border-slate-200 bg-white ${className || "h-80 sm:h-96"}`}
      aria-label={ariaLabel}
      aria-busy={status.kind === "loading"}
      data-testid="bpmn-viewer"
      data-status={status.kind}
    >
      <div ref={host} className="absolute inset-0" aria-hidden={status.kind !== "ready"} />
      {status.kind === "loading" ? (
        <div role="status" className="absolute inset-0 flex items-center justify-center bg-white/80 text-sm text-slate-500">
          <span className="mr-2 inline-block size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" aria-hidden />
          Loading diagram…
        </div>
      ) : null}
      {status.kind === "error" ? (
        <div role="alert" className="absolute inset-0 flex items-center justify-center p-4">
          <div className="max-w-md rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            <p className="font-semibold">This diagram cannot be shown.</p>
            <p className="mt-1 break-words">{status.message}</p>
            <p className="mt-1 text-red-700">The process itself is not affected; open the model in Camunda Modeler to check its XML.</p>
          </div>
        </div>
      ) : null}
      {status.kind === "ready" ? (
        <>
          <figcaption className="sr-only">{summary}</figcaption>
          <div className="absolute right-2 top-2 flex flex-col overflow-hidden rounded-md border border-slate-200 bg-white shadow-sm" role="group" aria-label="Zoom">
            <ZoomButton label="Zoom in" onClick={() => zoom("in")}>+</ZoomButton>
            <ZoomButton label="Zoom out" onClick={() => zoom("out")}>−</ZoomButton>
            <ZoomButton label="Fit diagram to view" onClick={() => zoom("fit")}>
              <svg viewBox="0 0 16 16" className="size-4" aria-hidden>
                <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
              </svg>
            </ZoomButton>
          </div>
          {showLegend ? <Legend overlay={overlay} /> : null}
        </>
      ) : null}
    </figure>
  );
}

function ZoomButton({ label, onClick, children }: { label: string; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      title={label}
      className="flex size-9 items-center justify-center border-b border-slate-200 text-lg leading-none text-slate-700 last:border-b-0 hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600"
    >
      {children}
    </button>
  );
}

function Legend({ overlay }: { overlay: { active: string[]; completed: string[]; incidents: string[] } }) {
  const items = [
    overlay.active.length ? { label: "Current step", swatch: "border-[#2b55e0] bg-[#e0e8ff] border-2" } : null,
    overlay.completed.length ? { label: "Done", swatch: "border-[#047857] bg-[#ecfdf5]" } : null,
    overlay.incidents.length ? { label: "Incident", swatch: "border-[#dc2626] bg-[#fef2f2] border-2" } : null,
  ].filter((x): x is { label: string; swatch: string } => x !== null);
  return (
    <ul className="absolute bottom-2 left-2 flex flex-wrap gap-x-3 gap-y-1 rounded-md bg-white/90 px-2 py-1 text-xs text-slate-600" aria-hidden>
      {items.map((i) => (
        <li key={i.label} className="flex items-center gap-1.5">
          <span className={`inline-block size-3 rounded-sm border ${i.swatch}`} />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/** What the markers say, in words, for screen readers (colour alone carries no meaning). */
function describe(o: { active: string[]; incidents: string[]; counts: Record<string, number> }, names: Record<string, string>): string {
  const name = (id: string) => names[id] ?? id;
  const parts: string[] = [];
  if (o.active.length) parts.push(`Current step${o.active.length > 1 ? "s" : ""}: ${o.active.map(name).join(", ")}.`);
  if (o.incidents.length) parts.push(`Incident at ${o.incidents.map(name).join(", ")}.`);
  const counted = Object.entries(o.counts).filter(([, n]) => n);
  if (counted.length) parts.push(counted.map(([id, n]) => `${name(id)}: ${n}`).join("; ") + ".");
  return parts.join(" ") || "Process diagram.";
}
