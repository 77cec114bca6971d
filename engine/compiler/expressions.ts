// Model text -> FEEL source for the model, the same rules for every dialect:
//   "=…"          Zeebe/Baton FEEL (the marker is stripped)
//   "${…}" "#{…}" Camunda 7 JUEL, translated at compile time (refusals are "unsupported")
//   anything else a literal where a value is expected, FEEL where only an expression makes sense
// Every result is syntax-checked so a typo fails the deploy with the element id, not a run.
import type { ModdleElement } from "bpmn-moddle";
import { checkFeelSyntax } from "../expressions/feel";
import { feelString, juelToFeel } from "../expressions/juel";
import type { Feel } from "../model/types";
import { EXTERNAL_TASK_HINT, type Diagnostics } from "./diagnostics";

/** Where an expression sits, for messages: the element with the id and what the expression is. */
export interface Site {
  el: ModdleElement;
  what: string;
}

const JUEL_MARK = /[$#]\{/;
// FEEL names may contain spaces and a few operators ("Current Status", "a-b"); process variables
// are JSON keys, so modelers (Trisotech, Camunda) write such names. Dots separate path segments.
const NAME_PART = String.raw`[\p{L}_?][\p{L}\p{N}_?'+\-*/]*(?: +[\p{L}\p{N}_?'+\-*/]+)*`;
const NAME = new RegExp(`^${NAME_PART}$`, "u");
const PATH = new RegExp(`^${NAME_PART}(?:\\.${NAME_PART})*$`, "u");
const INTEGER = /^-?\d+$/;

function label(site: Site): string {
  return site.what;
}

function checked(feel: Feel, site: Site, diag: Diagnostics): Feel | undefined {
  const res = checkFeelSyntax(feel);
  if (res.ok) return feel;
  diag.elementError(site.el, `${label(site)}: ${res.error}`);
  return undefined;
}

function fromJuel(raw: string, site: Site, diag: Diagnostics): Feel | undefined {
  const res = juelToFeel(raw);
  if (!res.ok) {
    // juel.ts usually suggests an external task itself; add the full hint only when it does not
    const hint = /external/i.test(res.reason) ? "" : `; ${EXTERNAL_TASK_HINT}`;
    diag.unsupportedElement(site.el, `${label(site)}: ${res.reason}${hint}`);
    return undefined;
  }
  return checked(res.feel, site, diag);
}

function fromMarkedFeel(raw: string, site: Site, diag: Diagnostics): Feel | undefined {
  const body = raw.trim().slice(1).trim();
  if (body === "") {
    diag.elementError(site.el, `${label(site)}: the FEEL expression after "=" is empty`);
    return undefined;
  }
  return checked(body, site, diag);
}

/** A slot that holds a value: text without a marker is a string literal (assignee, dueDate, …). */
export function valueToFeel(raw: string, site: Site, diag: Diagnostics): Feel | undefined {
  const text = raw.trim();
  if (text.startsWith("=")) return fromMarkedFeel(text, site, diag);
  if (JUEL_MARK.test(text)) return fromJuel(text, site, diag);
  return feelString(text);
}

/** A slot that only makes sense as an expression (conditions, collections): bare text is FEEL. */
export function exprToFeel(raw: string, site: Site, diag: Diagnostics): Feel | undefined {
  const text = raw.trim();
  if (text === "") {
    diag.elementError(site.el, `${label(site)} is empty`);
    return undefined;
  }
  if (text.startsWith("=")) return fromMarkedFeel(text, site, diag);
  if (JUEL_MARK.test(text)) return fromJuel(text, site, diag);
  return checked(text, site, diag);
}

/** A list of ids ("a, b" literal -> FEEL list of strings; expressions pass through). */
export function listToFeel(raw: string, site: Site, diag: Diagnostics): Feel | undefined {
  const text = raw.trim();
  if (text.startsWith("=") || JUEL_MARK.test(text)) return valueToFeel(text, site, diag);
  const items = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  return `[${items.map(feelString).join(", ")}]`;
}

/** An integer slot (priority): a literal must be an integer; expressions pass through. */
export function integerToFeel(raw: string, site: Site, diag: Diagnostics): Feel | undefined {
  const text = raw.trim();
  if (text.startsWith("=") || JUEL_MARK.test(text)) return valueToFeel(text, site, diag);
  if (INTEGER.test(text)) return String(Number(text));
  diag.elementError(site.el, `${label(site)} must be a whole number or an expression, got "${text}"`);
  return undefined;
}

/** A literal integer (retries): expressions are not allowed because workers need it up front. */
export function literalInteger(raw: string | undefined, site: Site, diag: Diagnostics): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (INTEGER.test(text) && Number(text) >= 0) return Number(text);
  diag.elementError(site.el, `${label(site)} must be a whole number ≥ 0, got "${text}"`);
  return undefined;
}

/** A variable name (resultVariable, inputElement); dotted paths only where `allowPath`. */
export function variableName(
  raw: string | undefined,
  site: Site,
  diag: Diagnostics,
  allowPath = false,
): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if ((allowPath ? PATH : NAME).test(text)) return text;
  diag.elementError(
    site.el,
    `${label(site)} must be a variable name${allowPath ? " or a dotted path (a.b)" : ""}, got "${text}"`,
  );
  return undefined;
}

/** True when a Camunda 7 attribute value is an expression rather than plain text. */
export function isJuel(raw: string): boolean {
  return JUEL_MARK.test(raw);
}
