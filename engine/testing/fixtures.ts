// Test helpers: a driver with BPMN fixtures deployed through the real compiler.
import { EngineDriver, type DriverOptions } from "./driver";

export async function driverWith(xmls: string[], opts: DriverOptions = {}): Promise<EngineDriver> {
  const d = new EngineDriver({ keepEffects: true, freezeStates: true, ...opts });
  for (const xml of xmls) await d.deploy(xml);
  return d;
}

/** Element ids of the tokens of an instance, sorted, for compact assertions. */
export function tokenElements(d: EngineDriver, instanceId: string): string[] {
  const s = d.state(instanceId);
  return Object.values(s.tokens).map((t) => `${t.elementId}:${t.status}`).sort();
}

/** Element ids (in order) of the transition facts of one kind emitted for an instance. */
export function transitions(d: EngineDriver, instanceId: string, kind: string): string[] {
  return d.effects
    .filter((e) => e.instanceId === instanceId && e.effect.type === "transition" && e.effect.transition === kind)
    .map((e) => (e.effect as { elementId: string }).elementId);
}

export function effectsOf(d: EngineDriver, instanceId: string, type: string): unknown[] {
  return d.effects.filter((e) => e.instanceId === instanceId && e.effect.type === type).map((e) => e.effect);
}
