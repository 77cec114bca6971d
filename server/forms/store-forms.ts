// Camunda Forms JSON deployed next to a model: parsed and checked at the door, then stored
// versioned by form id inside the caller's transaction (audited like a definition deploy).
import crypto from "node:crypto";
import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../authz/actor";
import type { Tx } from "../db/client";
import { canonicalJson } from "../audit/canonical";
import { BatonError } from "../errors";
import { findJsonIssue, MAX_BODY_DEPTH } from "../input-limits";
import { isUnsafeSegment } from "./form-schema";

/** A `.form` file as it arrived (multipart part, JSON body entry). */
export const ZFormFile = z.object({
  fileName: z.string().min(1, "fileName is empty: name the file, e.g. invoice.form").max(255),
  text: z.string().min(1, "the form file is empty").max(1_000_000, "the form file is larger than 1 MB"),
});
export type TFormFile = z.infer<typeof ZFormFile>;

export interface ParsedForm {
  formId: string;
  fileName: string;
  schema: Record<string, unknown>;
  checksum: string;
}

export interface TDeployedForm {
  id: string;
  formId: string;
  version: number;
  fileName: string | null;
  checksum: string;
  deployedAt: string;
  /** false when the same form (same JSON, same file name) was already the latest version. */
  isNew: boolean;
}

/** True for files a deploy should treat as Camunda Forms rather than BPMN. */
export function isFormFileName(name: string): boolean {
  return /\.form$/i.test(name);
}

function invalid(field: string, message: string): BatonError {
  return new BatonError("VALIDATION", `${field}: ${message}`, { fields: [{ field, message }] });
}

/**
 * Checks the shape every Camunda Forms schema (schemaVersion 1–19) shares: an object with a
 * `components` array. The form id is the JSON's `id` (what `zeebe:formDefinition formId` names);
 * a file without one (hand-written Camunda 7 forms) is known by its file name without `.form`.
 */
export function parseFormFile(file: TFormFile, where = `forms.${file.fileName}`): ParsedForm {
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch {
    throw invalid(where, "is not valid JSON (a Camunda Forms file is the JSON the form editor saves)");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw invalid(where, "must be a JSON object with `components`");
  const schema = json as Record<string, unknown>;
  if (!Array.isArray(schema.components)) throw invalid(where, "has no `components` array: not a Camunda Forms schema");
  if (schema.type !== undefined && schema.type !== "default") throw invalid(where, `has type "${String(schema.type)}"; a form's root must have type "default"`);
  if (schema.schemaVersion !== undefined && (typeof schema.schemaVersion !== "number" || schema.schemaVersion < 1)) {
    throw invalid(where, "schemaVersion must be a positive number");
  }
  // NUL and unpaired surrogates cannot be stored in jsonb: refuse them here rather than 500 on insert
  const unstorable = findJsonIssue(schema, where, { maxDepth: MAX_BODY_DEPTH });
  if (unstorable) throw invalid(unstorable.field, unstorable.message);
  const unsafe = unsafePath(schema.components as unknown[]);
  if (unsafe) throw invalid(where, `component ${unsafe} uses __proto__, constructor or prototype in its key or path`);
  const formId = typeof schema.id === "string" && schema.id.trim() !== "" ? schema.id.trim() : file.fileName.replace(/\.form$/i, "");
  if (formId.length > 255) throw invalid(where, "the form id is longer than 255 characters");
  // canonical JSON: re-saving the same form with other whitespace or key order is no new version
  const checksum = crypto.createHash("sha256").update(canonicalJson(schema)).digest("hex");
  return { formId, fileName: file.fileName, schema, checksum };
}

/** The first component whose `key` or `path` has a segment that would reach an object's prototype. */
function unsafePath(components: unknown[]): string | null {
  for (const c of components) {
    if (!c || typeof c !== "object") continue;
    const { id, key, path, components: inner } = c as { id?: unknown; key?: unknown; path?: unknown; components?: unknown };
    for (const p of [key, path]) if (typeof p === "string" && p.split(".").some(isUnsafeSegment)) return String(id ?? p);
    if (Array.isArray(inner)) {
      const found = unsafePath(inner);
      if (found) return found;
    }
  }
  return null;
}

/** Parses every file first, so one bad form refuses the whole deploy before anything is written. */
export function parseFormFiles(files: TFormFile[], prefix = "forms"): ParsedForm[] {
  const parsed = files.map((f) => parseFormFile(ZFormFile.parse(f), `${prefix}.${f.fileName}`));
  const seen = new Set<string>();
  for (const p of parsed) {
    if (seen.has(p.formId)) throw invalid(`${prefix}.${p.fileName}`, `form id "${p.formId}" appears twice in one deployment`);
    seen.add(p.formId);
  }
  return parsed;
}

/** Stores each form as version N+1 of its id unless the latest version is the same form. */
export async function storeForms(tx: Tx, actor: Actor, forms: ParsedForm[]): Promise<TDeployedForm[]> {
  const out: TDeployedForm[] = [];
  const actorId = actor.via === "system" ? null : actor.userId;
  for (const f of forms) {
    // Serialize deploys of one form id so two never take the same version number.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`form:${actor.organizationId}:${f.formId}`}, 0))`;
    const latest = await tx.formDefinition.findFirst({
      where: { organizationId: actor.organizationId, formId: f.formId },
      orderBy: { version: "desc" },
    });
    if (latest && latest.checksum === f.checksum && latest.fileName === f.fileName) {
      out.push(view(latest, false));
      continue;
    }
    const row = await tx.formDefinition.create({
      data: {
        id: crypto.randomUUID(),
        organizationId: actor.organizationId,
        formId: f.formId,
        version: (latest?.version ?? 0) + 1,
        fileName: f.fileName,
        schema: f.schema as object,
        checksum: f.checksum,
        deployedById: actorId,
      },
    });
    await appendAudit(tx, [
      {
        organizationId: actor.organizationId,
        type: "form.deployed",
        actorId,
        payload: { formDefinitionId: row.id, formId: row.formId, version: row.version, checksum: row.checksum, fileName: row.fileName },
      },
    ]);
    out.push(view(row, true));
  }
  return out;
}

function view(row: { id: string; formId: string; version: number; fileName: string | null; checksum: string; deployedAt: Date }, isNew: boolean): TDeployedForm {
  return { id: row.id, formId: row.formId, version: row.version, fileName: row.fileName, checksum: row.checksum, deployedAt: row.deployedAt.toISOString(), isNew };
}
