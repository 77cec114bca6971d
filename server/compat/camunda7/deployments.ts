// `POST /deployment/create`: each BPMN file of the multipart form is deployed with Baton's
// deploy-definition; `.form` files (Camunda Forms, what `camunda-forms:deployment:x.form` names)
// are stored with the first model. Baton has no deployment entity: the id answered is the first
// definition's (or form's, for a deployment of forms only).
import type { Actor } from "../../authz/actor";
import { deployDefinition } from "../../commands/definitions/deploy-definition";
import type { TDeployedDefinition } from "../../commands/definitions/deploy-definition.types";
import { isFormFileName, parseFormFiles, type TFormFile } from "../../forms/store-forms";
import { c7Date } from "./dates";
import { C7Error, invalidRequest } from "./errors";
import { engineRestBase } from "./process-instances";

// Camunda 7 answers a model it cannot deploy with 400 ParseException.
export const deployParseError = (message: string) => new C7Error(400, "ParseException", message);

const FORM_FIELDS = new Set(["deployment-name", "deployment-source", "enable-duplicate-filtering", "deploy-changed-only", "tenant-id", "deployment-activation-time"]);

function isBpmn(name: string, text: string): boolean {
  return /\.bpmn(20\.xml)?$/i.test(name) || /<([\w-]+:)?definitions[\s>][\s\S]*BPMN\/20100524\/MODEL/.test(text.slice(0, 4000));
}

export async function createDeployment(actor: Actor, request: Request) {
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!contentType.startsWith("multipart/form-data")) throw invalidRequest("Send the deployment as multipart/form-data: `deployment-name` and one or more BPMN files.");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw invalidRequest("The multipart form could not be read.");
  }
  const field = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : null;
  };
  if (field("tenant-id")) throw invalidRequest("tenant-id is not supported: Baton has no tenants within an organization.");
  if (field("deployment-activation-time")) throw invalidRequest("deployment-activation-time is not supported: Baton activates a definition when it is deployed.");
  const files: { name: string; text: string }[] = [];
  for (const [key, value] of form.entries()) {
    if (FORM_FIELDS.has(key)) continue;
    const name = typeof value === "string" ? key : value.name || key;
    files.push({ name, text: typeof value === "string" ? value : await value.text() });
  }
  if (!files.length) throw invalidRequest("No resources contained in the form upload: attach at least one .bpmn file.");
  const forms: TFormFile[] = files.filter((f) => isFormFileName(f.name)).map((f) => ({ fileName: f.name, text: f.text }));
  const models = files.filter((f) => !isFormFileName(f.name));
  const refused = models.filter((f) => !isBpmn(f.name, f.text)).map((f) => f.name);
  if (refused.length) throw invalidRequest(`Baton deploys BPMN 2.0 process models and Camunda Forms (.form) only; not supported: ${refused.join(", ")} (DMN, CMMN and scripts are not deployed).`);
  try {
    parseFormFiles(forms, "resources");
  } catch (err) {
    throw invalidRequest(`Could not parse form: ${(err as Error).message}`);
  }

  const deployed: (TDeployedDefinition & { resource: string })[] = [];
  let firstForm: { id: string; deployedAt: string } | undefined;
  if (models.length === 0) firstForm = (await deployDefinition(actor, { forms })).forms[0];
  for (const [i, f] of models.entries()) {
    try {
      const result = await deployDefinition(actor, { xml: f.text, fileName: f.name, ...(i === 0 && forms.length ? { forms } : {}) });
      deployed.push(...result.definitions.map((d) => ({ ...d, resource: f.name })));
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (e.code === "UNPROCESSABLE" || e.code === "VALIDATION") throw deployParseError(`ENGINE-09005 Could not parse BPMN process ${f.name}: ${e.message}`);
      throw err;
    }
  }
  const base = engineRestBase(request);
  const first = deployed[0] ?? firstForm!;
  const id = first.id;
  // Camunda 7 lists only what this deployment created; an unchanged model creates nothing (as with duplicate filtering).
  const fresh = deployed.filter((d) => d.isNew);
  return {
    links: [{ method: "GET", href: `${base}/deployment/${id}`, rel: "self" }],
    id,
    name: field("deployment-name"),
    source: field("deployment-source"),
    deploymentTime: c7Date(first.deployedAt),
    tenantId: null,
    deployedProcessDefinitions: fresh.length
      ? Object.fromEntries(
          fresh.map((d) => [
            d.id,
            {
              id: d.id, key: d.key, category: null, description: null, name: d.name, version: d.version, resource: d.resource,
              deploymentId: id, diagram: null, suspended: false, tenantId: null, versionTag: null, historyTimeToLive: null, startableInTasklist: true,
            },
          ]),
        )
      : null,
    deployedCaseDefinitions: null,
    deployedDecisionDefinitions: null,
    deployedDecisionRequirementsDefinitions: null,
  };
}
