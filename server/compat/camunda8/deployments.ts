// Deployments of the Camunda 8 API: a multipart form with one or more `resources` files.
// Each BPMN file goes through Baton's deploy command; other resource types (forms, DMN) are
// refused before anything is deployed, so a rejected request deploys nothing.
import crypto from "node:crypto";
import type { Actor } from "../../authz/actor";
import { deployDefinition } from "../../commands/definitions/deploy-definition";
import { BatonError } from "../../errors";
import { keyFor, keysFor } from "./keys";
import { DEFAULT_TENANT, unsupported } from "./schemas";

function invalid(field: string, message: string): BatonError {
  return new BatonError("VALIDATION", `${field}: ${message}`, { fields: [{ field, message }] });
}

async function readResources(request: Request): Promise<{ name: string; xml: string }[]> {
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
  const out: { name: string; xml: string }[] = [];
  for (const f of files) {
    if (typeof f === "string") throw invalid("resources", "each resource must be a file with a name (e.g. order.bpmn)");
    const name = f.name || "resource.bpmn";
    const ext = name.toLowerCase().split(".").pop();
    if (ext === "form") throw unsupported(`resources.${name}`, "deploying Camunda forms (Baton's user tasks name their form by formKey)");
    if (ext !== "bpmn" && ext !== "xml") throw unsupported(`resources.${name}`, `a .${ext} resource (only BPMN models deploy)`);
    out.push({ name, xml: await f.text() });
  }
  return out;
}

export async function createCamundaDeployment(actor: Actor, request: Request) {
  const resources = await readResources(request);
  const deployed: { name: string; id: string; key: string; version: number }[] = [];
  // One deploy command per file: a later file that fails leaves the earlier ones deployed.
  for (const r of resources) {
    const result = await deployDefinition(actor, { xml: r.xml, fileName: r.name });
    for (const d of result.definitions) deployed.push({ name: r.name, id: d.id, key: d.key, version: d.version });
  }
  const org = actor.organizationId;
  const [deploymentKey, definitionKeys] = await Promise.all([keyFor(org, "deployment", crypto.randomUUID()), keysFor(org, "definition", deployed.map((d) => d.id))]);
  return {
    tenantId: DEFAULT_TENANT,
    deploymentKey,
    deployments: deployed.map((d) => ({
      processDefinition: {
        processDefinitionId: d.key,
        processDefinitionVersion: d.version,
        resourceName: d.name,
        tenantId: DEFAULT_TENANT,
        processDefinitionKey: definitionKeys.get(d.id)!,
      },
    })),
  };
}
