// Reads a BPMN deploy request in any of the three forms the API accepts: raw XML
// (application/xml, text/xml), a multipart form with a `file` field (plus any number of `.form`
// files, in `file` or any other field), or JSON `{ xml, fileName?, forms?: [{ fileName, text }] }`.
import { BatonError } from "../errors";
import { ZDeployDefinitionRequest, type TDeployDefinitionRequest } from "../commands/definitions/deploy-definition.types";
import { isFormFileName } from "../forms/store-forms";
import { parse } from "./define-route";

export const BPMN_CONTENT_TYPES = ["application/xml", "text/xml", "multipart/form-data", "application/json"] as const;

function invalid(field: string, message: string): BatonError {
  return new BatonError("VALIDATION", `${field}: ${message}`, { fields: [{ field, message }] });
}

export async function readBpmnBody(request: Request): Promise<TDeployDefinitionRequest> {
  return parse(ZDeployDefinitionRequest, await readRaw(request), "body");
}

async function readRaw(request: Request): Promise<unknown> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (contentType === "application/xml" || contentType === "text/xml" || contentType.endsWith("+xml")) {
    const fileName = request.headers.get("x-file-name") ?? undefined;
    return { xml: await request.text(), ...(fileName ? { fileName } : {}) };
  }
  if (contentType === "multipart/form-data") {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw invalid("body", "not a valid multipart form");
    }
    const forms: { fileName: string; text: string }[] = [];
    const models: { xml: string; fileName?: string }[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value !== "string" && isFormFileName(value.name)) forms.push({ fileName: value.name, text: await value.text() });
      else if (field === "file") models.push(typeof value === "string" ? { xml: value } : { xml: await value.text(), fileName: value.name || undefined });
    }
    if (models.length > 1) throw invalid("body.file", "send one BPMN model per request (forms may be added as .form files)");
    if (models.length === 0 && forms.length === 0) throw invalid("body.file", "missing: send the BPMN file in a form field named `file`");
    return { ...(models[0] ?? {}), ...(forms.length ? { forms } : {}) };
  }
  if (contentType === "application/json") {
    let json: unknown;
    try {
      json = JSON.parse(await request.text());
    } catch {
      throw invalid("body", "invalid JSON");
    }
    return json;
  }
  throw invalid("headers.content-type", `${contentType || "missing"}: send ${BPMN_CONTENT_TYPES.join(", ")}`);
}
