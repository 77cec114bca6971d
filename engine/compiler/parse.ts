// XML text -> moddle tree, turning every parser complaint into a diagnostic with a position.
import type { ModdleElement, ParseWarning } from "bpmn-moddle";
import type { Diagnostics } from "./diagnostics";
import { BPMN_NS, CAMUNDA_NS, createModdle, isDroppedAttribute } from "./moddle";
import type { PositionIndex } from "./positions";
import { describeRoot, lintXml } from "./xml-lint";

/** Parts of moddle/saxen messages: "unparsable content <x> detected\n\tline: 3\n\tcolumn: 0\n\tnested error: …". */
const LOCATED = /^unparsable content (.*?) ?detected\s+line: (\d+)\s+column: (\d+)\s+nested error: ([\s\S]*)$/;
const UNRESOLVED = /^unresolved reference <(.*)>$/;
const UNKNOWN_ATTR = /^unknown attribute <(.*)>$/;

/** saxen counts lines and columns from 0; users (and editors) count from 1. */
function located(message: string): { what: string; nested: string; line: number; column: number } | undefined {
  const m = LOCATED.exec(message);
  if (!m) return undefined;
  return { what: m[1], nested: m[4].trim(), line: Number(m[2]) + 1, column: Number(m[3]) + 1 };
}

export async function parseBpmn(
  input: unknown,
  diag: Diagnostics,
  positions: PositionIndex,
): Promise<ModdleElement | undefined> {
  if (typeof input !== "string") {
    diag.error("xml", `expected BPMN 2.0 XML text, got ${input === null ? "null" : typeof input}`);
    return undefined;
  }
  const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const start = xml.search(/\S/);
  if (start < 0) {
    diag.error("xml", "the file is empty: expected BPMN 2.0 XML (a <bpmn:definitions> document)");
    return undefined;
  }
  if (xml[start] !== "<") {
    const head = xml.slice(start, start + 20).replace(/\s+/g, " ");
    diag.error(
      "xml",
      `not XML: the content starts with "${head}…"; expected BPMN 2.0 XML (a .bpmn file from a modeler)`,
      undefined,
      positions.ofOffset(start),
    );
    return undefined;
  }

  lintXml(xml, diag, positions);

  try {
    const { rootElement, warnings } = await createModdle().fromXML(readActivitiAsCamunda(xml, diag));
    for (const w of warnings) reportWarning(w, diag);
    return rootElement;
  } catch (err) {
    reportFailure(err, xml, diag);
    return undefined;
  }
}

const ACTIVITI_NS = /(=\s*["'])http:\/\/activiti\.org\/bpmn(["'])/g;

/**
 * Camunda 7 grew out of Activiti and still reads activiti: attributes as camunda: ones; exports
 * such as the MIWG C.1.1 model bind the camunda prefix to the Activiti namespace. Rewriting the
 * namespace URI keeps line numbers (columns may shift on the declaring line only).
 */
function readActivitiAsCamunda(xml: string, diag: Diagnostics): string {
  if (!xml.includes("http://activiti.org/bpmn")) return xml;
  const rewritten = xml.replace(ACTIVITI_NS, `$1${CAMUNDA_NS}$2`);
  if (rewritten !== xml) diag.note("xml", "the Activiti namespace (http://activiti.org/bpmn) is read as Camunda 7 (camunda:)");
  return rewritten;
}

function reportFailure(err: unknown, xml: string, diag: Diagnostics): void {
  const message = err instanceof Error ? err.message : String(err);
  const warnings = (err as { warnings?: ParseWarning[] } | null)?.warnings ?? [];
  const loc = located(message);
  if (loc) {
    const near = loc.what ? ` near ${loc.what}` : "";
    const nested = loc.nested === "missing start tag" ? "no XML element found" : loc.nested;
    diag.error("xml", `malformed XML: ${nested}${near} (line ${loc.line}, column ${loc.column})`, undefined, loc);
    return;
  }
  if (message.startsWith("failed to parse document as")) {
    const root = describeRoot(xml);
    if (root && /(^|:)definitions$/.test(root.name) && root.namespace !== BPMN_NS) {
      diag.error(
        "xml",
        `<${root.name}> is in namespace "${root.namespace ?? "(none)"}", not the BPMN 2.0 namespace ` +
          `"${BPMN_NS}": this is not a BPMN 2.0 file (or it declares the wrong namespace)`,
        undefined,
        { line: 1, column: 1 },
      );
    } else {
      diag.error(
        "xml",
        `not a BPMN 2.0 document: the root element is <${root?.name ?? "?"}>, expected <bpmn:definitions>`,
        undefined,
        { line: 1, column: 1 },
      );
    }
    return;
  }
  for (const w of warnings) reportWarning(w, diag);
  diag.error("xml", `cannot read the BPMN XML: ${message}`);
}

function reportWarning(w: ParseWarning, diag: Diagnostics): void {
  const loc = located(w.message);
  if (loc) {
    diag.error("xml", `${loc.nested} (${loc.what || "content"} at line ${loc.line}, column ${loc.column})`, undefined, loc);
    return;
  }
  const el = w.element;
  const attr = UNKNOWN_ATTR.exec(w.message);
  if (attr) {
    if (isDroppedAttribute(attr[1])) return; // read from $attrs on purpose, see moddle.ts
    diag.error(el?.$type ?? "xml", `unknown attribute ${attr[1]}="${w.value ?? ""}"${describe(el)}`, el?.id);
    return;
  }
  const unresolved = UNRESOLVED.exec(w.message);
  if (unresolved) {
    // Diagram interchange (shapes/edges) does not affect execution: a stale shape is only noted.
    if (el?.$type.startsWith("bpmndi:")) {
      diag.note(el.$type, `diagram element refers to missing element "${unresolved[1]}"; ignored`, el.id);
      return;
    }
    // "prefix:id" points into another (imported) document, which a single-file deploy cannot check
    if (unresolved[1].includes(":")) {
      diag.note(el?.$type ?? "xml", `refers to "${unresolved[1]}" in another document; not checked`, el?.id);
      return;
    }
    const property = w.property ? ` (${w.property})` : "";
    diag.error(el?.$type ?? "xml", `refers to missing element "${unresolved[1]}"${property}${describe(el)}`, el?.id);
    return;
  }
  if (w.message.startsWith("unsupported document encoding")) {
    diag.note("xml", `${w.message} (the text was already decoded, so this only matters for odd characters)`);
    return;
  }
  diag.error(el?.$type ?? "xml", w.message, el?.id);
}

function describe(el: ModdleElement | undefined): string {
  if (!el) return "";
  return el.id ? ` on <${el.$type} id="${el.id}">` : ` on <${el.$type}>`;
}
