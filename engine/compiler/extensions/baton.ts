// Baton's own attributes (namespace http://baton.dev/schema/bpmn/1.0, prefix baton).
// Values follow the Zeebe convention: "=…" is FEEL, anything else a literal.
import type { ModdleElement } from "bpmn-moddle";
import type { FormRef, HttpServiceCall, JobServiceCall, SlaDef, UserTaskDef } from "../../model/types";
import type { Diagnostics } from "../diagnostics";
import { exprToFeel, listToFeel, literalInteger, valueToFeel, variableName } from "../expressions";
import { readAssignmentAttributes } from "./assignment-attributes";
import { attr, extension, many } from "../moddle";
import { durationToMs, isIsoDuration } from "../timers";

const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

export function readBatonUserTask(el: ModdleElement, diag: Diagnostics): UserTaskDef {
  const out = readAssignmentAttributes(el, "baton", diag);
  const read = (name: string) => attr(el, `baton:${name}`);
  const form = readBatonForm(el);
  if (form) out.form = form;
  const sla = readSla(el, diag);
  if (sla) out.sla = sla;
  const exclude = read("excludeParticipantsOf");
  if (exclude) out.excludeParticipantsOf = exclude.split(/[\s,]+/).filter((s) => s !== "");
  const initiator = el.get("baton:excludeInitiator");
  if (initiator === true) out.excludeInitiator = true;
  return out;
}

/** baton:form="<form id>" on a user task or a start event. */
export function readBatonForm(el: ModdleElement): FormRef | undefined {
  const form = attr(el, "baton:form");
  return form ? { key: form } : undefined;
}

/** baton:sla="PT4H" (or "=FEEL") with optional baton:escalation="=managers" (who gets the breach). */
function readSla(el: ModdleElement, diag: Diagnostics): SlaDef | undefined {
  const sla = attr(el, "baton:sla");
  const escalation = attr(el, "baton:escalation");
  if (!sla) {
    if (escalation) diag.elementError(el, "baton:escalation needs baton:sla (the duration after which to escalate)");
    return undefined;
  }
  let def: SlaDef;
  if (sla.startsWith("=")) {
    const feel = exprToFeel(sla, { el, what: "baton:sla" }, diag);
    if (feel === undefined) return undefined;
    def = { duration: feel, isExpression: true };
  } else if (isIsoDuration(sla)) {
    def = { duration: sla };
  } else {
    diag.elementError(el, `baton:sla "${sla}" must be an ISO 8601 duration such as PT4H or P2D, or "=FEEL"`);
    return undefined;
  }
  if (escalation) {
    const to = listToFeel(escalation, { el, what: "baton:escalation" }, diag);
    if (to !== undefined) def.escalateTo = to;
  }
  return def;
}

/** baton:jobType="x" (+ baton:jobRetries) -> a job for an external worker. */
export function readBatonJob(el: ModdleElement, diag: Diagnostics): JobServiceCall | undefined {
  const type = attr(el, "baton:jobType");
  if (!type) return undefined;
  if (type.startsWith("=")) {
    diag.unsupportedElement(el, `baton:jobType "${type}" is an expression; use a fixed job type`);
    return undefined;
  }
  const job: JobServiceCall = { kind: "job", type };
  const retries = literalInteger(attr(el, "baton:jobRetries"), { el, what: "baton:jobRetries" }, diag);
  if (retries !== undefined) job.retries = retries;
  return job;
}

/** <baton:http method url timeout retries retryBackoff resultVariable><baton:header/><baton:body/></baton:http> */
export function readBatonHttp(el: ModdleElement, diag: Diagnostics): HttpServiceCall | undefined {
  const http = extension(el, "baton:Http");
  if (!http) return undefined;
  const site = (what: string) => ({ el, what: `baton:http ${what}` });
  const method = (attr(http, "method") ?? "GET").toUpperCase();
  if (!HTTP_METHODS.has(method)) {
    diag.elementError(el, `baton:http method "${method}" is not an HTTP method (${[...HTTP_METHODS].join(", ")})`);
    return undefined;
  }
  const rawUrl = attr(http, "url");
  if (!rawUrl) {
    diag.elementError(el, "baton:http needs a url");
    return undefined;
  }
  const url = valueToFeel(rawUrl, site("url"), diag);
  if (url === undefined) return undefined;
  const call: HttpServiceCall = { kind: "http", method, url };
  const headers: Record<string, string> = {};
  for (const h of many(http, "headers")) {
    const name = attr(h, "name");
    if (!name) {
      diag.elementError(el, "baton:header needs a name");
      continue;
    }
    const value = valueToFeel(attr(h, "value") ?? "", site(`header ${name}`), diag);
    if (value !== undefined) headers[name] = value;
  }
  if (Object.keys(headers).length > 0) call.headers = headers;
  const body = String(http.get("body") ?? "").trim();
  if (body !== "") call.body = exprToFeel(body, site("body"), diag);
  const timeout = readMs(attr(http, "timeout"), el, "timeout", diag);
  if (timeout !== undefined) call.timeoutMs = timeout;
  const retries = literalInteger(attr(http, "retries"), site("retries"), diag);
  if (retries !== undefined) call.retries = retries;
  const backoff = readMs(attr(http, "retryBackoff"), el, "retryBackoff", diag);
  if (backoff !== undefined) call.retryBackoffMs = backoff;
  const result = variableName(attr(http, "resultVariable"), site("resultVariable"), diag);
  if (result) call.resultVariable = result;
  return call;
}

/** "PT30S" or plain milliseconds. */
function readMs(raw: string | undefined, el: ModdleElement, what: string, diag: Diagnostics): number | undefined {
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const ms = durationToMs(raw);
  if (ms === undefined) {
    diag.elementError(el, `baton:http ${what} "${raw}" must be a duration such as PT30S (days at most) or milliseconds`);
  }
  return ms;
}
