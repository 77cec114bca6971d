// Well-formedness checks that moddle's lenient parser (saxen) skips, but strict XML parsers — and
// so Camunda, Zeebe and most tools — reject: a malformed XML declaration and undeclared prefixes.
import type { Diagnostics } from "./diagnostics";
import type { PositionIndex } from "./positions";

const DECLARATION =
  /^<\?xml\s+version\s*=\s*(?:"[^"]*"|'[^']*')(?:\s+encoding\s*=\s*(?:"[^"]*"|'[^']*'))?(?:\s+standalone\s*=\s*(?:"[^"]*"|'[^']*'))?\s*\?>/;

/** Namespaces people usually mean by these prefixes, to suggest the missing declaration. */
const WELL_KNOWN: Record<string, string> = {
  bpmn: "http://www.omg.org/spec/BPMN/20100524/MODEL",
  bpmn2: "http://www.omg.org/spec/BPMN/20100524/MODEL",
  bpmndi: "http://www.omg.org/spec/BPMN/20100524/DI",
  dc: "http://www.omg.org/spec/DD/20100524/DC",
  di: "http://www.omg.org/spec/DD/20100524/DI",
  camunda: "http://camunda.org/schema/1.0/bpmn",
  zeebe: "http://camunda.org/schema/zeebe/1.0",
  baton: "http://baton.dev/schema/bpmn/1.0",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
};

// Comments, CDATA, processing instructions and doctype are skipped; start tags are matched by name.
const TOKENS = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<([A-Za-z_][\w.-]*)(?::([\w.-]+))?/g;
const XMLNS_DECL = /\sxmlns:([A-Za-z_][\w.-]*)\s*=/g;

export function lintXml(xml: string, diag: Diagnostics, positions: PositionIndex): void {
  if (xml.startsWith("<?xml") && /^<\?xml[\s?]/.test(xml) && !DECLARATION.test(xml)) {
    diag.error(
      "xml",
      'malformed XML declaration: expected <?xml version="1.0" encoding="UTF-8"?> ' +
        "(attributes separated by spaces, values in quotes)",
      undefined,
      { line: 1, column: 1 },
    );
  }

  // Prefix scoping is ignored on purpose: a prefix declared anywhere counts as declared. That keeps
  // this one linear pass and still catches the real-world mistake (a prefix never declared at all).
  const declared = new Set<string>(["xml", "xmlns"]);
  for (const m of xml.matchAll(XMLNS_DECL)) declared.add(m[1]);

  const reported = new Set<string>();
  for (const m of xml.matchAll(TOKENS)) {
    const prefix = m[1];
    if (prefix === undefined || m[2] === undefined) continue; // comment/CDATA/PI or unprefixed tag
    if (declared.has(prefix) || reported.has(prefix)) continue;
    reported.add(prefix);
    const known = WELL_KNOWN[prefix];
    const fix = known ? ` (add xmlns:${prefix}="${known}" to the root element)` : "";
    diag.error(
      "xml",
      `namespace prefix "${prefix}" used in <${prefix}:${m[2]}> is not declared${fix}`,
      undefined,
      positions.ofOffset(m.index),
    );
  }
}

/** Name and namespace of the document element, for a precise "this is not BPMN" message. */
export function describeRoot(xml: string): { name: string; namespace?: string } | undefined {
  for (const m of xml.matchAll(TOKENS)) {
    if (m[1] === undefined) continue;
    const prefix = m[2] === undefined ? undefined : m[1];
    const name = m[2] ?? m[1];
    const tagEnd = xml.indexOf(">", m.index);
    const tag = xml.slice(m.index, tagEnd < 0 ? undefined : tagEnd);
    const nsAttr = prefix ? `xmlns:${prefix}` : "xmlns";
    const ns = new RegExp(`\\s${nsAttr.replace(/[.]/g, "\\.")}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
    return { name: prefix ? `${prefix}:${name}` : name, namespace: ns ? (ns[1] ?? ns[2]) : undefined };
  }
  return undefined;
}
