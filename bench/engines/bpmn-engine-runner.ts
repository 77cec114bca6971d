// Runs a model with the peer engine, the `bpmn-engine` npm package, the way a tuned embedding
// would: parse and serialize once (its documented `sourceContext` option), then one Engine per
// instance, which is how bpmn-engine keeps instances apart.
import { EventEmitter } from "node:events";
import { Engine } from "bpmn-engine";
import { BpmnModdle } from "bpmn-moddle";
import * as elements from "bpmn-elements";
import serializer, { TypeResolver } from "moddle-context-serializer";
import type { EngineRun, EngineRunner } from "./types";

type ScriptFn = (environment: unknown, next: (err?: Error | null, result?: unknown) => void) => void;

/**
 * bpmn-engine's default script handler runs every script and condition in a fresh `vm` context,
 * which dominates its cost. Compiling each one once into a function is the documented `scripts`
 * extension point and makes the peer faster, so Baton's ratio is against the peer at its best,
 * not against a default nobody tuning for speed would keep. The model is our own fixture
 * (bench/models), never user input.
 */
function compiledScripts() {
  const compiled = new Map<string, ScriptFn>();
  return {
    register(activity: { id: string; type: string; behaviour: { script?: unknown; conditionExpression?: { body?: unknown } } }) {
      const { id, type, behaviour } = activity;
      const body = type === "bpmn:SequenceFlow" ? behaviour.conditionExpression?.body : behaviour.script;
      if (typeof body !== "string" || compiled.has(id)) return undefined;
      compiled.set(id, new Function("environment", "next", body) as ScriptFn);
      return undefined;
    },
    getScript(_language: string, { id }: { id: string }) {
      const fn = compiled.get(id);
      if (!fn) return undefined;
      return {
        execute: (scope: { environment: unknown }, next: (err?: Error | null, result?: unknown) => void) =>
          fn(scope.environment, next),
      };
    },
  };
}

export async function bpmnEngineRunner(xml: string): Promise<EngineRunner> {
  const moddleContext = await new BpmnModdle().fromXML(xml);
  if (moddleContext.warnings.length > 0) {
    throw new Error(`bpmn-engine model does not parse cleanly: ${moddleContext.warnings[0]?.message}`);
  }
  const sourceContext = serializer(moddleContext as never, TypeResolver(elements));
  const scripts = compiledScripts();
  let seq = 0;

  async function run(countTransitions: boolean): Promise<EngineRun> {
    let transitions = 0;
    // A listener costs the peer time, so it is attached only when we count (the calibration run).
    const listener = countTransitions ? new EventEmitter() : undefined;
    listener?.on("activity.end", () => transitions++);
    listener?.on("flow.take", () => transitions++);
    const engine = new Engine({ name: `bench-${seq++}`, sourceContext, scripts: scripts as never, listener });
    const ended = engine.waitFor("end");
    await engine.execute();
    await ended;
    return { transitions, variables: engine.environment.output as Record<string, unknown> };
  }

  return { name: "bpmn-engine", run };
}
