// Deployments of the Camunda 8 API: a multipart form with one or more `resources` files.
// Each BPMN file goes through Baton's deploy command; `.form` files (Camunda Forms) are stored
// versioned by form id with the first one. Other resource types (DMN) and malformed forms are
// refused before anything is deployed.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { deployDefinition } from "../../commands/definitions/deploy-definition";
import { BatonError } from "../../errors";
import { isFormFileName, parseFormFiles, type TDeployedForm, type TFormFile } from "../../forms/store-forms";
import { keyFor, keysFor } from "./keys";
import { DEFAULT_TENANT, unsupported } from "./schemas";

function invalid(field: string, message: string): BatonError {
  return new BatonError("VALIDATION", `${field}: ${message}`, { fields: [{ field, message }] });
}

async function readResources(request: Request): Promise<{ models: { name: string; xml: string }[]; forms: TFormFile[] }> {
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!contentType.startsWith("multipart/form-data")) throw invalid("headers.content-type", "send multipart/form-data with one or more `resources` files");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw invalid("body", "not a valid multipart form");
  }
  const tenantId = form.get("tenantId");
  if (typeof tenantId === "string" && tenantId && tenantId !== DEFAULT_TENANT) throw unsupported("tenantId", "a tenant other than <default>");
  const files = form.getAll("resources");
  if (files.length === 0) throw invalid("resources", "missing: send the BPMN files in form fields named `resources`");
  const models: { name: string; xml: string }[] = [];
  const forms: TFormFile[] = [];
  for (const f of files) {
    if (typeof f === "string") throw invalid("resources", "each resource must be a file with a name (e.g. order.bpmn)");
    const name = f.name || "resource.bpmn";
    const ext = name.toLowerCase().split(".").pop();
    if (isFormFileName(name)) forms.push({ fileName: name, text: await f.text() });
    else if (ext !== "bpmn" && ext !== "xml") throw unsupported(`resources.${name}`, `a .${ext} resource (only BPMN models and .form files deploy)`);
    else models.push({ name, xml: await f.text() });
  }
  // a malformed form refuses the request before any model is deployed
  parseFormFiles(forms, "resources");
  return { models, forms };
}

export async function createCamundaDeployment(actor: Actor, request: Request) {
  const { models, forms } = await readResources(request);
  const deployed: { name: string; id: string; key: string; version: number }[] = [];
  const deployedForms: TDeployedForm[] = [];
  // One deploy command per model, the forms with the first (or alone): a later file that fails
  // leaves the earlier ones deployed.
  if (models.length === 0) deployedForms.push(...(await deployDefinition(actor, { forms })).forms);
  for (const [i, r] of models.entries()) {
    const result = await deployDefinition(actor, { xml: r.xml, fileName: r.name, ...(i === 0 && forms.length ? { forms } : {}) });
    for (const d of result.definitions) deployed.push({ name: r.name, id: d.id, key: d.key, version: d.version });
    deployedForms.push(...result.forms);
  }
  const org = actor.organizationId;
  const [deploymentKey, definitionKeys, formKeys] = await Promise.all([
    keyFor(org, "deployment", crypto.randomUUID()),
    keysFor(org, "definition", deployed.map((d) => d.id)),
    keysFor(org, "form", deployedForms.map((f) => f.id)),
  ]);
  return {
    tenantId: DEFAULT_TENANT,
    deploymentKey,
    deployments: [
      ...deployed.map((d) => ({
        processDefinition: {
          processDefinitionId: d.key,
          processDefinitionVersion: d.version,
          resourceName: d.name,
          tenantId: DEFAULT_TENANT,
          processDefinitionKey: definitionKeys.get(d.id)!,
        },
      })),
      ...deployedForms.map((f) => ({
        form: { formId: f.formId, version: f.version, resourceName: f.fileName ?? `${f.formId}.form`, tenantId: DEFAULT_TENANT, formKey: formKeys.get(f.id)! },
      })),
    ],
  };
}
