// The <bpmn:documentation> of a process, read from its XML: the description a requester sees
// on the start and request pages. A deployed definition never changes, so it is cached by id.
import { BpmnModdle, type ModdleElement } from "bpmn-moddle";

const cache = new Map<string, string | null>();
const CACHE_MAX = 500;

export async function processDocumentation(definitionId: string, xml: string, processKey: string): Promise<string | null> {
  if (cache.has(definitionId)) return cache.get(definitionId) ?? null;
  let text: string | null = null;
  try {
    const { rootElement } = await new BpmnModdle().fromXML(xml);
    const processes = ((rootElement.get("rootElements") as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === "bpmn:Process");
    const proc = processes.find((p) => p.id === processKey) ?? processes[0];
    const docs = (proc?.get("documentation") as ModdleElement[] | undefined) ?? [];
    text = docs.map((d) => (typeof d.text === "string" ? d.text.trim() : "")).filter(Boolean).join("\n\n") || null;
  } catch {
    text = null; // a description is a nicety: an odd document must not break the page
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(definitionId, text);
  return text;
}
