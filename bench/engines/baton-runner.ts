// Runs a model with Baton's engine exactly as the server will: compile once, then one pure
// step(model, state, event, ctx) per event. Script tasks are FEEL evaluated inline, so a start
// event runs the ten-step model to its end in one step.
//
// The engine is loaded by path at run time, not imported statically: the engine changes daily,
// and an engine that does not load must fail this scenario with the reason, not the whole run.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { compile as compileFn, step as stepFn, StepContext } from "../../engine";
import type { EngineRun, EngineRunner } from "./types";

/** The part of the engine's public API (engine/index.ts) the bench uses. */
interface EngineApi {
  compile: typeof compileFn;
  step: typeof stepFn;
}

// A fixed clock: nothing in the model reads time, and the run stays deterministic.
const NOW = Date.UTC(2025, 0, 1);

export async function batonRunner(xml: string, processId: string, repoRoot: string): Promise<EngineRunner> {
  const { compile, step } = await load<EngineApi>(repoRoot, "engine/index.ts", ["compile", "step"]);

  const compiled = await compile(xml);
  if (!compiled.ok || !compiled.model) {
    const why = [
      ...compiled.errors.map((e) => `${e.id ?? "model"}: ${e.message}`),
      ...compiled.unsupported.map((u) => `${u.id} (${u.type}) unsupported: ${u.reason}`),
    ];
    throw new Error(`Baton cannot compile the bench model: ${why.slice(0, 3).join("; ") || "no reason given"}`);
  }
  const model = compiled.model;
  let ids = 0;
  // Counter ids, not UUIDs: the peer's ids are as cheap, and the server supplies its own.
  const ctx: StepContext = { now: () => NOW, newId: () => `b${(ids++).toString(36)}` };

  async function run(countTransitions: boolean): Promise<EngineRun> {
    const { state, effects } = step(model, null, { type: "start", processId }, ctx);
    if (state.status !== "completed") {
      throw new Error(
        `Baton's instance did not complete in one step (status ${state.status}, ${Object.keys(state.waits).length} waits, ` +
          `${Object.keys(state.incidents).length} incidents): the bench expects script tasks to run inline`,
      );
    }
    let transitions = 0;
    if (countTransitions) {
      for (const e of effects) {
        // Same unit as the peer's activity.end + flow.take: the instance itself is not an element.
        if (e.type === "transition" && (e.transition === "completed" || e.transition === "taken") && e.elementType !== "process") {
          transitions++;
        }
      }
    }
    const done = effects.find((e) => e.type === "completeInstance");
    return { transitions, variables: done?.type === "completeInstance" ? done.variables : {} };
  }

  return { name: "baton", run };
}

async function load<T>(repoRoot: string, file: string, names: string[]): Promise<T> {
  const full = path.join(repoRoot, file);
  if (!fs.existsSync(full)) {
    throw new Error(`Baton's engine is not available: ${file} does not exist (it must export ${names.join("(), ")}())`);
  }
  const mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  const missing = names.filter((n) => typeof mod[n] !== "function");
  if (missing.length > 0) throw new Error(`${file} does not export ${missing.join("(), ")}()`);
  return mod as T;
}
