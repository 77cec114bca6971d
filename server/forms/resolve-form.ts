// Finds the Camunda Forms schema a task or a start event names. The task row keeps the engine's
// FormRef as JSON (`{ key?, version?, inline? }`); the key takes the shapes the three dialects
// write: a form id (`zeebe:formDefinition formId`, `baton:form`, `camunda:formRef`), or
// `camunda-forms:deployment:<file name>` (Camunda 7). Anything else (embedded:app:…, URLs) is a
// form Baton does not host: no schema, the screens fall back to the generic variables editor.
import type { CompiledModel, ElementDef, FormRef } from "../../engine/model/types";
import type { Db, Tx } from "../db/client";

export interface ResolvedForm {
  /** The form's id (the JSON's `id`); null for an inline form without one. */
  formId: string | null;
  /** The stored version used; null for inline forms. */
  version: number | null;
  schema: Record<string, unknown>;
}

type Reader = Pick<Db | Tx, "formDefinition" | "processDefinition">;

const DEPLOYMENT_PREFIX = "camunda-forms:deployment:";
const EMBEDDED_PREFIX = "camunda-forms:bpmn:";

/** The FormRef behind a task's `formKey` column (JSON; a bare string from older rows is a key). */
export function parseFormKey(formKey: string | null): FormRef | null {
  if (!formKey) return null;
  try {
    const ref = JSON.parse(formKey) as unknown;
    if (ref && typeof ref === "object" && !Array.isArray(ref)) return ref as FormRef;
    return typeof ref === "string" ? { key: ref } : null;
  } catch {
    return { key: formKey };
  }
}

function inlineSchema(text: string): ResolvedForm | null {
  try {
    const schema = JSON.parse(text) as unknown;
    if (!schema || typeof schema !== "object" || !Array.isArray((schema as { components?: unknown }).components)) return null;
    const id = (schema as { id?: unknown }).id;
    return { formId: typeof id === "string" ? id : null, version: null, schema: schema as Record<string, unknown> };
  } catch {
    return null;
  }
}

function resolved(row: { formId: string; version: number; schema: unknown } | null): ResolvedForm | null {
  return row ? { formId: row.formId, version: row.version, schema: row.schema as Record<string, unknown> } : null;
}

export async function resolveForm(db: Reader, organizationId: string, ref: FormRef | null): Promise<ResolvedForm | null> {
  if (!ref) return null;
  if (ref.inline !== undefined) return inlineSchema(ref.inline);
  const key = ref.key?.trim();
  if (!key || key.startsWith(EMBEDDED_PREFIX)) return null;
  const select = { formId: true, version: true, schema: true } as const;
  if (key.startsWith(DEPLOYMENT_PREFIX)) {
    // Camunda 7 names the file; the latest deploy of that file name wins
    const fileName = key.slice(DEPLOYMENT_PREFIX.length);
    return resolved(await db.formDefinition.findFirst({ where: { organizationId, fileName }, orderBy: [{ deployedAt: "desc" }, { version: "desc" }], select }));
  }
  if (/^[a-z][\w+.-]*:/i.test(key)) return null; // embedded:app:…, camunda-forms:app:…, http(s)://…: hosted elsewhere
  const byId = await db.formDefinition.findFirst({
    where: { organizationId, formId: key, ...(ref.version !== undefined ? { version: ref.version } : {}) },
    orderBy: { version: "desc" },
    select,
  });
  if (byId || ref.version !== undefined || !/\.form$/i.test(key)) return resolved(byId);
  // `baton:form="invoice.form"`: a file name is accepted where a form id is expected
  return resolved(await db.formDefinition.findFirst({ where: { organizationId, fileName: key }, orderBy: [{ deployedAt: "desc" }, { version: "desc" }], select }));
}

/** The form of a task, from its `formKey` column. Another organization's forms are never found. */
export async function resolveFormRef(db: Reader, organizationId: string, formKey: string | null): Promise<ResolvedForm | null> {
  return resolveForm(db, organizationId, parseFormKey(formKey));
}

/** The form on the process-level none start event of a compiled process, if any. */
export function startFormOf(model: CompiledModel, processId: string): FormRef | null {
  const process = model.processes?.[processId];
  if (!process) return null;
  const start = Object.values(process.elements).find((e: ElementDef) => e.type === "startEvent" && e.parent === null && !e.eventDefinition && e.form);
  return start?.form ?? null;
}

/** The start form of the latest version of a process (null: none, or no such process here). */
export async function resolveStartForm(db: Reader, organizationId: string, definitionKey: string): Promise<ResolvedForm | null> {
  const def = await db.processDefinition.findFirst({
    where: { organizationId, key: definitionKey },
    orderBy: { version: "desc" },
    select: { model: true },
  });
  if (!def) return null;
  return resolveForm(db, organizationId, startFormOf(def.model as unknown as CompiledModel, definitionKey));
}
