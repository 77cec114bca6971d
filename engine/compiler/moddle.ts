// One BpmnModdle instance that understands BPMN 2.0 plus the camunda:, zeebe: and baton: extensions.
import { BpmnModdle, type ModdleElement, type ModdlePackage } from "bpmn-moddle";
import camundaJson from "camunda-bpmn-moddle/resources/camunda.json";
import zeebeJson from "zeebe-bpmn-moddle/resources/zeebe.json";
import batonJson from "./baton-moddle.json";

export const BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
export const BATON_NS = "http://baton.dev/schema/bpmn/1.0";
export const CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
export const ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0";

/**
 * moddle keys extension properties by their local name, so two packages that add the same
 * attribute name to the same BPMN type cannot be loaded together ("already defined … not allowed
 * without redefines"): camunda: and zeebe: both add `modelerTemplate`, and camunda: and baton: both
 * add `assignee`, `priority`, … to bpmn:UserTask. Later packages lose the colliding definitions.
 * The attribute is still read: moddle keeps undefined attributes in `$attrs` under the normalised
 * prefix, which `ModdleElement.get("baton:assignee")` returns; the "unknown attribute" warning it
 * emits for them is filtered out (see `isDroppedAttribute`).
 */
function withoutCollisions(packages: ModdlePackage[]): { packages: ModdlePackage[]; dropped: Set<string> } {
  const taken = new Set<string>(); // "bpmn:UserTask#assignee"
  const dropped = new Set<string>(); // "baton:assignee"
  const out = packages.map((pkg) => {
    const copy: ModdlePackage = structuredClone(pkg);
    for (const type of copy.types) {
      if (!type.extends || !type.properties) continue;
      const extended = type.extends;
      type.properties = type.properties.filter((prop) => {
        const clash = extended.some((target) => taken.has(`${target}#${prop.name}`));
        if (clash) dropped.add(`${copy.prefix}:${prop.name}`);
        else for (const target of extended) taken.add(`${target}#${prop.name}`);
        return !clash;
      });
    }
    return copy;
  });
  return { packages: out, dropped };
}

const loaded = withoutCollisions([
  camundaJson as unknown as ModdlePackage,
  zeebeJson as unknown as ModdlePackage,
  batonJson as unknown as ModdlePackage,
]);

const packagesByPrefix: Record<string, ModdlePackage> = {};
for (const pkg of loaded.packages) packagesByPrefix[pkg.prefix] = pkg;

/** Attributes whose typed definition was dropped (see above) and that are read from `$attrs`. */
export function isDroppedAttribute(qualifiedName: string): boolean {
  return loaded.dropped.has(qualifiedName);
}

/** A fresh instance per parse: moddle instances cache per-document state only, but are cheap. */
export function createModdle(): BpmnModdle {
  return new BpmnModdle(packagesByPrefix);
}

/** Reads an attribute that may be typed or kept in `$attrs`; returns trimmed text or undefined. */
export function attr(el: ModdleElement | undefined, qualifiedName: string): string | undefined {
  if (!el) return undefined;
  const value = el.get(qualifiedName);
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

/** The values inside `<extensionElements>` of one `$type` (e.g. "zeebe:TaskDefinition"). */
export function extensions(el: ModdleElement | undefined, type: string): ModdleElement[] {
  const ext = el?.get("extensionElements") as ModdleElement | undefined;
  const values = (ext?.get("values") as ModdleElement[] | undefined) ?? [];
  return values.filter((v) => v.$type === type);
}

export function extension(el: ModdleElement | undefined, type: string): ModdleElement | undefined {
  return extensions(el, type)[0];
}

/** All extension values, for scanning unknown/unsupported ones. */
export function allExtensions(el: ModdleElement | undefined): ModdleElement[] {
  const ext = el?.get("extensionElements") as ModdleElement | undefined;
  return (ext?.get("values") as ModdleElement[] | undefined) ?? [];
}

export function many(el: ModdleElement | undefined, property: string): ModdleElement[] {
  return (el?.get(property) as ModdleElement[] | undefined) ?? [];
}

export function ref(el: ModdleElement | undefined, property: string): ModdleElement | undefined {
  return (el?.get(property) as ModdleElement | undefined) ?? undefined;
}

/** `bpmn:UserTask` -> `userTask` */
export function localType(type: string): string {
  const local = type.slice(type.indexOf(":") + 1);
  return local.charAt(0).toLowerCase() + local.slice(1);
}

/** True when `el` is, or inherits from, a moddle type (uses moddle's own type hierarchy). */
export function isA(el: ModdleElement | undefined, type: string): boolean {
  const fn = el?.["$instanceOf"];
  return typeof fn === "function" ? Boolean((fn as (t: string) => boolean).call(el, type)) : false;
}
